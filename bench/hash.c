/* Hash table: open addressing with linear probing and tombstones, unsigned keys and hashing. */
int printf(char *fmt, ...);

#define CAP 262144
#define MASK 262143u
#define EMPTY 0u
#define TOMB 1u

static unsigned int keys[262144];
static unsigned long vals[262144];
static int used;

unsigned int xs_state = 2463534242u;

unsigned int xorshift32(void) {
    unsigned int x = xs_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    xs_state = x;
    return x;
}

unsigned int hash_u32(unsigned int k) {
    k ^= k >> 16;
    k *= 2146121005u;
    k ^= k >> 15;
    k *= 2221713035u;
    k ^= k >> 16;
    return k;
}

void table_clear(void) {
    unsigned int i;
    for (i = 0; i < CAP; i++) {
        keys[i] = EMPTY;
        vals[i] = 0;
    }
    used = 0;
}

/* keys 0 and 1 are reserved markers, so callers pass k >= 2; main uses at most
   160002 distinct keys, so the table always keeps empty slots and probes end */
void table_put(unsigned int k, unsigned long v) {
    unsigned int i = hash_u32(k) & MASK;
    int tomb = -1;
    while (keys[i] != EMPTY) {
        if (keys[i] == k) {
            vals[i] = v;
            return;
        }
        if (keys[i] == TOMB && tomb < 0)
            tomb = (int)i;
        i = (i + 1u) & MASK;
    }
    if (tomb >= 0)
        i = (unsigned int)tomb;
    keys[i] = k;
    vals[i] = v;
    used++;
}

/* returns 1 and stores the value through out when found */
int table_get(unsigned int k, unsigned long *out) {
    unsigned int i = hash_u32(k) & MASK;
    while (keys[i] != EMPTY) {
        if (keys[i] == k) {
            *out = vals[i];
            return 1;
        }
        i = (i + 1u) & MASK;
    }
    return 0;
}

int table_del(unsigned int k) {
    unsigned int i = hash_u32(k) & MASK;
    while (keys[i] != EMPTY) {
        if (keys[i] == k) {
            keys[i] = TOMB;
            used--;
            return 1;
        }
        i = (i + 1u) & MASK;
    }
    return 0;
}

int main(void) {
    unsigned long check = 0, v;
    unsigned int k;
    long found = 0, deleted = 0;
    int round, i;
    for (round = 0; round < 16; round++) {
        table_clear();
        xs_state = 2463534242u + (unsigned int)round;
        for (i = 0; i < 150000; i++) {
            k = (xorshift32() % 160000u) + 2u;
            table_put(k, (unsigned long)k * 2654435761ul + (unsigned long)i);
        }
        for (i = 0; i < 300000; i++) {
            k = (xorshift32() % 160000u) + 2u;
            if (table_get(k, &v)) {
                found++;
                check = check * 1000003ul ^ v;
            }
            if (i % 3 == 0)
                deleted += table_del(k);
            else if (i % 3 == 1)
                table_put(k + 1u, (unsigned long)i);
        }
        check += (unsigned long)used;
    }
    printf("hash: used=%d found=%ld deleted=%ld check=%lu\n", used, found, deleted, check);
    return 0;
}
