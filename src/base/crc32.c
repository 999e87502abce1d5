#include "crc32.h"

#include <pthread.h>
#include <string.h>

static uint32_t _crc_table[8][256];
static pthread_once_t _crc_once = PTHREAD_ONCE_INIT;

static void _crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        _crc_table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int t = 1; t < 8; t++)
            _crc_table[t][i] = (_crc_table[t - 1][i] >> 8) ^ _crc_table[0][_crc_table[t - 1][i] & 0xff];
}

uint32_t vt_crc32(uint32_t crc, const void *data, size_t size)
{
    pthread_once(&_crc_once, _crc_init);
    const uint8_t *p = data;
    crc = ~crc;
    while (size >= 8) {
        uint32_t a, b;
        memcpy(&a, p, 4);
        memcpy(&b, p + 4, 4);
        a ^= crc; /* little-endian hosts only (see vitrine_format.h) */
        crc = _crc_table[7][a & 0xff] ^ _crc_table[6][(a >> 8) & 0xff] ^ _crc_table[5][(a >> 16) & 0xff] ^
              _crc_table[4][a >> 24] ^ _crc_table[3][b & 0xff] ^ _crc_table[2][(b >> 8) & 0xff] ^
              _crc_table[1][(b >> 16) & 0xff] ^ _crc_table[0][b >> 24];
        p += 8;
        size -= 8;
    }
    while (size--)
        crc = _crc_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}
