/* Recursion: naive Fibonacci, Ackermann, and a recursive Tak function. */
int printf(char *fmt, ...);

long fib(int n) {
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

int ackermann(int m, int n) {
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

int tak(int x, int y, int z) {
    if (y < x)
        return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
    return z;
}

int main(void) {
    long f = fib(36);
    int a = ackermann(2, 600) + ackermann(3, 10);
    int t = tak(26, 18, 9);
    printf("fib(36)=%ld ack=%d tak=%d\n", f, a, t);
    return 0;
}
