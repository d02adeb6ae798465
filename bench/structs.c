/* Structures: arrays of structs, structs passed and returned by value, a linked list in a static pool. */
int printf(char *fmt, ...);

struct vec {
    long x;
    long y;
    long z;
};

struct pair {
    int a;
    int b;
};

struct particle {
    struct vec pos;
    struct vec vel;
    int id;
    char tag;
};

struct node {
    long value;
    int next;
};

#define NPART 1000
#define POOL 5000

static struct particle parts[1000];
static struct node pool[5000];
static int free_head;

struct vec vadd(struct vec a, struct vec b) {
    struct vec r;
    r.x = a.x + b.x;
    r.y = a.y + b.y;
    r.z = a.z + b.z;
    return r;
}

struct vec vscale(struct vec a, long k) {
    struct vec r;
    r.x = a.x * k % 100003;
    r.y = a.y * k % 100019;
    r.z = a.z * k % 100043;
    return r;
}

long vdot(struct vec a, struct vec b) {
    return a.x * b.x + a.y * b.y + a.z * b.z;
}

struct pair swap_pair(struct pair p) {
    struct pair r;
    r.a = p.b;
    r.b = p.a + 1;
    return r;
}

void pool_init(void) {
    int i;
    for (i = 0; i < POOL - 1; i++)
        pool[i].next = i + 1;
    pool[POOL - 1].next = -1;
    free_head = 0;
}

int pool_alloc(long value) {
    int n = free_head;
    if (n < 0)
        return -1;
    free_head = pool[n].next;
    pool[n].value = value;
    pool[n].next = -1;
    return n;
}

void pool_free(int n) {
    pool[n].next = free_head;
    free_head = n;
}

/* insert value into the sorted list starting at head; returns the new head */
int list_insert(int head, long value) {
    int n = pool_alloc(value);
    int prev = -1, cur = head;
    while (cur >= 0 && pool[cur].value < value) {
        prev = cur;
        cur = pool[cur].next;
    }
    pool[n].next = cur;
    if (prev < 0)
        return n;
    pool[prev].next = n;
    return head;
}

long list_sum_and_free(int head) {
    long sum = 0;
    long pos = 1;
    int next;
    while (head >= 0) {
        sum += pool[head].value * pos;
        pos++;
        next = pool[head].next;
        pool_free(head);
        head = next;
    }
    return sum;
}

int main(void) {
    struct vec acc = {0, 0, 0};
    struct vec k = {3, 5, 7};
    struct pair p = {1, 2};
    long check = 0;
    int i, step, head, round;
    unsigned long rng = 42;

    for (i = 0; i < NPART; i++) {
        parts[i].pos.x = i;
        parts[i].pos.y = i * 2 % 97;
        parts[i].pos.z = i * 3 % 89;
        parts[i].vel.x = i % 7 - 3;
        parts[i].vel.y = i % 5 - 2;
        parts[i].vel.z = i % 3 - 1;
        parts[i].id = i;
        parts[i].tag = (char)('A' + i % 26);
    }
    for (step = 0; step < 3000; step++) {
        for (i = 0; i < NPART; i++) {
            parts[i].pos = vadd(parts[i].pos, parts[i].vel);
            if (parts[i].pos.x > 10000 || parts[i].pos.x < -10000)
                parts[i].vel.x = -parts[i].vel.x;
            acc = vadd(acc, vscale(parts[i].pos, step % 11 + 1));
            acc.x %= 1000003;
            acc.y %= 1000033;
            acc.z %= 1000037;
        }
        check += vdot(acc, k) % 1000000007;
        p = swap_pair(p);
    }
    pool_init();
    for (round = 0; round < 150; round++) {
        head = -1;
        for (i = 0; i < 1500; i++) {
            rng = rng * 6364136223846793005ul + 1442695040888963407ul;
            head = list_insert(head, (long)(rng >> 40));
        }
        check = (check + list_sum_and_free(head)) % 1000000007;
    }
    for (i = 0; i < NPART; i += 37)
        check += parts[i].tag + parts[i].id;
    printf("structs: acc=(%ld,%ld,%ld) pair=(%d,%d) check=%ld\n", acc.x, acc.y, acc.z, p.a, p.b, check);
    return 0;
}
