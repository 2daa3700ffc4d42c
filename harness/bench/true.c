// SPDX-License-Identifier: GPL-2.0
/* What the benchmark's execve workload runs: a static true(1). */
int main(void)
{
	return 0;
}
