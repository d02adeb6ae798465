/* Pointer-heavy data: a malloc'd binary search tree plus expression trees with union payloads, evaluated recursively. */
int printf(char *fmt, ...);
void *malloc(unsigned long n);
void *calloc(unsigned long n, unsigned long size);
void free(void *p);

struct tnode {
    long key;
    long count;
    struct tnode *left;
    struct tnode *right;
};

/* kind 0: integer leaf, 1: double leaf, 2..5: + - * min on the two children */
union payload {
    long i;
    double d;
};

struct expr {
    int kind;
    union payload v;
    struct expr *a;
    struct expr *b;
};

static unsigned long rng = 7;

unsigned long next_rand(void) {
    rng = rng * 2862933555777941757ul + 3037000493ul;
    return rng >> 33;
}

struct tnode *bst_insert(struct tnode *root, long key) {
    struct tnode **link = &root;
    struct tnode *n;
    while (*link) {
        if (key == (*link)->key) {
            (*link)->count++;
            return root;
        }
        link = key < (*link)->key ? &(*link)->left : &(*link)->right;
    }
    n = malloc(sizeof(struct tnode));
    n->key = key;
    n->count = 1;
    n->left = 0;
    n->right = 0;
    *link = n;
    return root;
}

long bst_weighted_sum(struct tnode *t, long depth) {
    if (!t)
        return 0;
    return t->key % 1000 * t->count + depth + bst_weighted_sum(t->left, depth + 1) + bst_weighted_sum(t->right, depth + 1);
}

long bst_height(struct tnode *t) {
    long l, r;
    if (!t)
        return 0;
    l = bst_height(t->left);
    r = bst_height(t->right);
    return 1 + (l > r ? l : r);
}

void bst_free(struct tnode *t) {
    if (!t)
        return;
    bst_free(t->left);
    bst_free(t->right);
    free(t);
}

struct expr *build(int depth) {
    struct expr *e = calloc(1, sizeof(struct expr));
    unsigned long r = next_rand();
    if (depth == 0 || r % 7 == 0) {
        e->kind = (int)(r % 2);
        if (e->kind == 0)
            e->v.i = (long)(r % 19) - 9;
        else
            e->v.d = (double)(r % 1000) / 250.0 - 2.0;
        return e;
    }
    e->kind = 2 + (int)(r % 4);
    e->a = build(depth - 1);
    e->b = build(depth - 1);
    return e;
}

double eval(struct expr *e) {
    double x, y;
    switch (e->kind) {
    case 0:
        return (double)e->v.i;
    case 1:
        return e->v.d;
    }
    x = eval(e->a);
    y = eval(e->b);
    switch (e->kind) {
    case 2:
        return x + y;
    case 3:
        return x - y;
    case 4:
        x = x * y;
        /* keep magnitudes bounded */
        if (x > 1000.0 || x < -1000.0)
            x = x / 1024.0;
        return x;
    default:
        return x < y ? x : y;
    }
}

long count_nodes(struct expr *e) {
    long n = 0;
    struct expr *stack[64];
    int sp = 0;
    stack[sp++] = e;
    do {
        e = stack[--sp];
        n++;
        if (e->kind < 2)
            continue;
        stack[sp++] = e->a;
        stack[sp++] = e->b;
    } while (sp > 0);
    return n;
}

void expr_free(struct expr *e) {
    if (e->kind >= 2) {
        expr_free(e->a);
        expr_free(e->b);
    }
    free(e);
}

int main(void) {
    struct tnode *root;
    struct expr *e;
    long sum = 0, nodes = 0;
    double value = 0.0;
    int round, i;
    for (round = 0; round < 12; round++) {
        root = 0;
        for (i = 0; i < 60000; i++)
            root = bst_insert(root, (long)(next_rand() % 50000));
        sum += bst_weighted_sum(root, 0) + bst_height(root);
        bst_free(root);
    }
    round = 0;
again:
    e = build(16);
    nodes += count_nodes(e);
    for (i = 0; i < 4; i++)
        value += eval(e);
    expr_free(e);
    if (++round < 20)
        goto again;
    printf("tree: sum=%ld nodes=%ld value=%.6f\n", sum, nodes, value);
    return 0;
}
