/* Arrays: matrix multiplication over int and long 2-D arrays. */
int printf(char *fmt, ...);

#define N 250

static int ia[N][N], ib[N][N], ic[N][N];
static long la[N][N], lb[N][N], lc[N][N];

void mul_int(int a[N][N], int b[N][N], int c[N][N]) {
    int i, j, k, sum;
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++) {
            sum = 0;
            for (k = 0; k < N; k++)
                sum += a[i][k] * b[k][j];
            c[i][j] = sum;
        }
}

void mul_long(long a[N][N], long b[N][N], long c[N][N]) {
    int i, j, k;
    long sum;
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++) {
            sum = 0;
            for (k = 0; k < N; k++)
                sum += a[i][k] * b[k][j];
            c[i][j] = sum;
        }
}

int main(void) {
    int i, j, rep;
    long check = 0;
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++) {
            ia[i][j] = (i * 7 + j * 3) % 19 - 9;
            ib[i][j] = (i * 5 + j * 11) % 23 - 11;
            la[i][j] = (i * 13 + j) % 1001 - 500;
            lb[i][j] = (i + j * 17) % 997 - 498;
        }
    for (rep = 0; rep < 4; rep++) {
        mul_int(ia, ib, ic);
        mul_long(la, lb, lc);
        /* feed results back (reduced) so repetitions differ */
        for (i = 0; i < N; i++)
            for (j = 0; j < N; j++) {
                ia[i][j] = ic[i][j] % 17;
                la[i][j] = lc[i][j] % 1009;
            }
    }
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++)
            check = check * 31 % 1000000007 + ic[i][j] + lc[i][j] % 100003;
    printf("matmul: ic[3][5]=%d lc[7][11]=%ld check=%ld\n", ic[3][5], lc[7][11], check);
    return 0;
}
