/* Bit manipulation: popcount, bitwise CRC-32, bit reversal, rotations and clz over unsigned int/long. */
int printf(char *fmt, ...);

static unsigned char data[65536];

int popcount_loop(unsigned long x) {
    int n = 0;
    while (x) {
        n += (int)(x & 1ul);
        x >>= 1;
    }
    return n;
}

int popcount_kernighan(unsigned long x) {
    int n = 0;
    while (x) {
        x &= x - 1ul;
        n++;
    }
    return n;
}

int popcount_swar(unsigned long x) {
    x = x - ((x >> 1) & 6148914691236517205ul);
    x = (x & 3689348814741910323ul) + ((x >> 2) & 3689348814741910323ul);
    x = (x + (x >> 4)) & 1085102592571150095ul;
    return (int)((x * 72340172838076673ul) >> 56);
}

/* CRC-32 (IEEE, reflected polynomial 0xEDB88320) one bit at a time */
unsigned int crc32_bitwise(unsigned char *p, long n) {
    unsigned int crc = 4294967295u;
    long i;
    int b;
    for (i = 0; i < n; i++) {
        crc ^= p[i];
        for (b = 0; b < 8; b++) {
            if (crc & 1u)
                crc = (crc >> 1) ^ 3988292384u;
            else
                crc >>= 1;
        }
    }
    return crc ^ 4294967295u;
}

unsigned long reverse_bits(unsigned long x) {
    unsigned long r = 0;
    int i;
    for (i = 0; i < 64; i++) {
        r = (r << 1) | (x & 1ul);
        x >>= 1;
    }
    return r;
}

unsigned long rotl(unsigned long x, int k) {
    k &= 63;
    if (k == 0)
        return x;
    return (x << k) | (x >> (64 - k));
}

int clz64(unsigned long x) {
    int n = 0;
    if (x == 0)
        return 64;
    while (!(x & 9223372036854775808ul)) {
        x <<= 1;
        n++;
    }
    return n;
}

int main(void) {
    unsigned long x = 88172645463325252ul;
    unsigned long acc = 0;
    unsigned int crc = 0;
    long pop_total = 0;
    int i, rep;
    for (i = 0; i < 65536; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        data[i] = (unsigned char)(x >> 24);
    }
    for (rep = 0; rep < 40; rep++) {
        data[rep] = (unsigned char)(data[rep] + 1);
        crc ^= crc32_bitwise(data, 65536) + (unsigned int)rep;
    }
    for (i = 0; i < 600000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if (popcount_loop(x) != popcount_swar(x) || popcount_kernighan(x) != popcount_swar(x)) {
            printf("popcount mismatch at %d\n", i);
            return 1;
        }
        pop_total += popcount_swar(x);
        acc += rotl(reverse_bits(x), i) ^ (unsigned long)clz64(x >> (i % 64));
    }
    printf("bits: crc=%u pop=%ld acc=%lu\n", crc, pop_total, acc);
    return 0;
}
