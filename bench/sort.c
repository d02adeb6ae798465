/* Sorting: quicksort and insertion sort on pseudo-random long arrays (LCG-generated, heap-allocated). */
int printf(char *fmt, ...);
void *malloc(unsigned long n);
void free(void *p);

static unsigned long lcg_state;

long lcg_next(void) {
    lcg_state = lcg_state * 6364136223846793005ul + 1442695040888963407ul;
    return (long)(lcg_state >> 17) - 70368744177664l; /* spread around zero */
}

void fill(long *a, long n, unsigned long seed) {
    long i;
    lcg_state = seed;
    for (i = 0; i < n; i++)
        a[i] = lcg_next();
}

void insertion_sort(long *a, long lo, long hi) {
    long i, j, v;
    for (i = lo + 1; i <= hi; i++) {
        v = a[i];
        j = i - 1;
        while (j >= lo && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

void swap(long *a, long i, long j) {
    long t = a[i];
    a[i] = a[j];
    a[j] = t;
}

void quicksort(long *a, long lo, long hi) {
    long i, j, mid, pivot;
    while (hi - lo > 16) {
        mid = lo + (hi - lo) / 2;
        /* median of three into a[mid] */
        if (a[mid] < a[lo])
            swap(a, mid, lo);
        if (a[hi] < a[lo])
            swap(a, hi, lo);
        if (a[hi] < a[mid])
            swap(a, hi, mid);
        pivot = a[mid];
        i = lo;
        j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                swap(a, i, j);
                i++;
                j--;
            }
        }
        /* recurse on the smaller part, loop on the larger */
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
    insertion_sort(a, lo, hi);
}

/* order-sensitive checksum; 0 if the array is not sorted */
unsigned long checksum(long *a, long n) {
    unsigned long h = 1469598103934665603ul;
    long i;
    for (i = 0; i < n; i++) {
        if (i > 0 && a[i - 1] > a[i])
            return 0;
        h = (h ^ (unsigned long)a[i]) * 1099511628211ul;
    }
    return h;
}

int main(void) {
    long n_big = 400000, n_small = 6000;
    long *big = malloc(sizeof(long) * 400000);
    long *small = malloc(sizeof(long) * 6000);
    unsigned long sum = 0;
    int rep;
    for (rep = 0; rep < 4; rep++) {
        fill(big, n_big, 1000 + rep);
        quicksort(big, 0, n_big - 1);
        sum ^= checksum(big, n_big) + (unsigned long)rep;
    }
    for (rep = 0; rep < 4; rep++) {
        fill(small, n_small, 77 + rep);
        insertion_sort(small, 0, n_small - 1);
        sum = sum * 31 + checksum(small, n_small);
    }
    printf("sort: min=%ld max=%ld median=%ld sum=%lu\n", big[0], big[n_big - 1], big[n_big / 2], sum);
    free(big);
    free(small);
    return 0;
}
