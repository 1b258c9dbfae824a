/* SPDX-License-Identifier: MIT */
/*
 * The QEMU virt NS16550 UART at 0x10000000, transmit only.
 */
#ifndef KERNEL_UART_H
#define KERNEL_UART_H

#include <stddef.h>

/*
 * Write @len bytes without taking any lock. The core's console lock
 * serialises normal lines; the panic and unexpected-trap paths call this
 * directly so that a fault inside a console write cannot deadlock them.
 */
void uart_write(const char *s, size_t len);

#endif /* KERNEL_UART_H */
