// SPDX-License-Identifier: GPL-2.0
/*
 * open_helper PATH [w|a|A|t]: open PATH for reading, or for writing ("w"), in
 * append mode ("a"), reading and appending ("A"), truncating in append mode
 * ("t"), and exit with 0 on success, else with the errno of the failure.
 * Run after execve by the inheritance and sandboxer tests, it shows what the
 * new program may access.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	const char mode = argc > 2 ? argv[2][0] : 'r';
	int flags = O_RDONLY;
	int fd;

	if (argc < 2)
		return 255;
	if (mode == 'w')
		flags = O_WRONLY;
	else if (mode == 'a')
		flags = O_WRONLY | O_APPEND;
	else if (mode == 'A')
		flags = O_RDWR | O_APPEND;
	else if (mode == 't')
		flags = O_WRONLY | O_APPEND | O_TRUNC;
	fd = open(argv[1], flags | O_CLOEXEC);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}
