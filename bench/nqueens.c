/* Backtracking: counts N-queens solutions with boolean arrays, plus a knapsack-style subset-sum search. */
int printf(char *fmt, ...);

static int col_used[32];
static int diag1[64];
static int diag2[64];
static int weights[24];

long solve(int row, int n) {
    long count = 0;
    int c;
    if (row == n)
        return 1;
    for (c = 0; c < n; c++) {
        if (col_used[c] || diag1[row + c] || diag2[row - c + n - 1])
            continue;
        col_used[c] = diag1[row + c] = diag2[row - c + n - 1] = 1;
        count += solve(row + 1, n);
        col_used[c] = diag1[row + c] = diag2[row - c + n - 1] = 0;
    }
    return count;
}

/* number of subsets of weights[i..n-1] whose sum is exactly target */
long subset_sum(int i, int n, int target) {
    if (target == 0)
        return 1;
    if (i == n || target < 0)
        return 0;
    return subset_sum(i + 1, n, target - weights[i]) + subset_sum(i + 1, n, target);
}

int main(void) {
    long total = 0, s;
    int n, i;
    for (n = 4; n <= 12; n++) {
        s = solve(0, n);
        total = total * 7 + s;
        printf("queens(%d)=%ld\n", n, s);
    }
    for (i = 0; i < 24; i++)
        weights[i] = (i * 37 + 11) % 50 + 1;
    s = 0;
    for (i = 250; i <= 350; i += 50)
        s = s * 3 + subset_sum(0, 24, i);
    printf("subsets=%ld total=%ld\n", s, total);
    return 0;
}
