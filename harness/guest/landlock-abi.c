// SPDX-License-Identifier: GPL-2.0
/*
 * Print the Landlock ABI version, as seccomp(SECCOMP_GET_LANDLOCK_ABI) tells.
 * Exit status 0 when Landlock is enabled, 1 otherwise.
 */
#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	long abi = syscall(__NR_seccomp, SECCOMP_GET_LANDLOCK_ABI, 0, NULL);

	if (abi < 0) {
		printf("Landlock ABI: unavailable (%s)\n", strerror(errno));
		return 1;
	}
	printf("Landlock ABI version: %ld\n", abi);
	return 0;
}
