// SPDX-License-Identifier: GPL-2.0
/*
 * open_helper PATH [w]: open PATH for reading (or writing with "w") and exit
 * with 0 on success, else with the errno of the failure.  Run after execve
 * by the inheritance tests, it shows what the new program may access.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	int fd;

	if (argc < 2)
		return 255;
	fd = open(argv[1], (argc > 2 && argv[2][0] == 'w' ? O_WRONLY : O_RDONLY) |
		  O_CLOEXEC);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}
