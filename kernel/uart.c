// SPDX-License-Identifier: MIT
/*
 * NS16550 transmit on QEMU virt. QEMU's model needs no divisor or line
 * setup, so there is no init; real hardware would want one.
 */
#include <stdint.h>

#include <hartsched/arch.h>

#include "uart.h"

#define UART_BASE     0x10000000ul
#define UART_THR      0	   /* transmit holding register */
#define UART_LSR      5	   /* line status register */
#define UART_LSR_THRE 0x20 /* transmit holding register empty */

/*
 * Polls of LSR before a byte is written anyway. QEMU reports THRE at once;
 * the bound only keeps a wedged device from hanging the kernel.
 */
#define UART_THRE_POLLS 100000

static inline uint8_t uart_reg_read(unsigned int reg)
{
	return *(volatile uint8_t *)(UART_BASE + reg);
}

static inline void uart_reg_write(unsigned int reg, uint8_t v)
{
	*(volatile uint8_t *)(UART_BASE + reg) = v;
}

/* Wait (bounded) for room in the transmitter, then send one byte. */
static void uart_putc(char c)
{
	unsigned int polls;

	for (polls = 0; polls < UART_THRE_POLLS; polls++) {
		if (uart_reg_read(UART_LSR) & UART_LSR_THRE)
			break;
	}
	uart_reg_write(UART_THR, (uint8_t)c);
}

void uart_write(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		uart_putc(s[i]);
}

/* The arch hook: the core calls it under its console lock. */
void hs_arch_console_write(const char *s, size_t len)
{
	uart_write(s, len);
}
