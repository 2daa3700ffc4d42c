// SPDX-License-Identifier: GPL-2.0
/* An executable for the EXECUTE tests. */
int main(void)
{
	return 0;
}
