/* Prints the primes below 100, one per line, using only Part I C:
 * ints, loops, functions and putchar. Exits with the number of primes. */
int putchar(int c);

static int print_number(int n) {
    if (n >= 10)
        print_number(n / 10);
    return putchar(48 + n % 10); /* 48 is '0' */
}

int is_prime(int n) {
    if (n < 2)
        return 0;
    for (int d = 2; d * d <= n; d++)
        if (n % d == 0)
            return 0;
    return 1;
}

int main(void) {
    int count = 0;
    for (int n = 0; n < 100; n++) {
        if (is_prime(n)) {
            print_number(n);
            putchar(10);
            count++;
        }
    }
    return count;
}
