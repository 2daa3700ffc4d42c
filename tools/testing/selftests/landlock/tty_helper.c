// SPDX-License-Identifier: GPL-2.0
/*
 * tty_helper sti|get: on the terminal that is its standard input, push a
 * character into the input queue (TIOCSTI) or read the attributes
 * (TCGETS), and exit with 0 on success, else with the errno of the
 * failure.  Run in a sandbox by the sandboxer tests.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>

int main(int argc, char *argv[])
{
	struct termios attrs;
	const char c = '\n';

	if (argc < 2)
		return 255;
	if (!strcmp(argv[1], "sti"))
		return ioctl(0, TIOCSTI, &c) ? errno : 0;
	return ioctl(0, TCGETS, &attrs) ? errno : 0;
}
