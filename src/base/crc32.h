/* crc32: CRC-32 (ISO-HDLC, the zlib/PNG polynomial), for package checksums.
 * Table-driven, slicing by 8 bytes: about 1 GB/s on one core. */
#ifndef VT_CRC32_H
#define VT_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Start with crc = 0; feed pieces in order to checksum a stream. */
uint32_t vt_crc32(uint32_t crc, const void *data, size_t size);

#endif
