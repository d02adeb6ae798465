/* Integer loops: sieve of Eratosthenes repeated, plus Collatz chain lengths. */
int printf(char *fmt, ...);

#define SIEVE_N 200000
#define SIEVE_REPS 60
#define COLLATZ_LIMIT 700000

static char composite[200001];

int sieve(int n) {
    int i, j, count;
    for (i = 0; i <= n; i++)
        composite[i] = 0;
    count = 0;
    for (i = 2; i <= n; i++) {
        if (composite[i])
            continue;
        count++;
        for (j = i + i; j <= n; j += i)
            composite[j] = 1;
    }
    return count;
}

long collatz_steps(long n) {
    long steps = 0;
    while (n != 1) {
        if (n % 2 == 0)
            n = n / 2;
        else
            n = 3 * n + 1;
        steps++;
    }
    return steps;
}

int main(void) {
    long total = 0;
    long best = 0, best_n = 0;
    long n, s;
    int rep;
    for (rep = 0; rep < SIEVE_REPS; rep++)
        total += sieve(SIEVE_N - rep * 1000);
    for (n = 1; n < COLLATZ_LIMIT; n++) {
        s = collatz_steps(n);
        total += s;
        if (s > best) {
            best = s;
            best_n = n;
        }
    }
    printf("sieve+collatz: total=%ld best_n=%ld best=%ld\n", total, best_n, best);
    return 0;
}
