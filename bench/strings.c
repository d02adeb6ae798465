/* Strings: hand-written strlen, strcmp, substring search and reverse over char arrays. */
int printf(char *fmt, ...);

#define BUF 60000
#define WORDS 64

static char text[60001];
static char words[64][16];
static char scratch[60001];

unsigned int seed = 12345u;

unsigned int next_rand(void) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 32767u;
}

long my_strlen(char *s) {
    long n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

int my_strcmp(char *a, char *b) {
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

void my_strcpy(char *dst, char *src) {
    while ((*dst++ = *src++) != '\0')
        ;
}

void my_reverse(char *s) {
    char *end = s + my_strlen(s) - 1;
    char tmp;
    while (s < end) {
        tmp = *s;
        *s++ = *end;
        *end-- = tmp;
    }
}

/* number of (possibly overlapping) occurrences of pat in s */
long count_occurrences(char *s, char *pat) {
    long count = 0;
    char *p, *q;
    for (; *s; s++) {
        p = s;
        q = pat;
        while (*q && *p == *q) {
            p++;
            q++;
        }
        if (!*q)
            count++;
    }
    return count;
}

int count_char(char *s, int c) {
    int n = 0;
    for (; *s; s++)
        if (*s == c)
            n++;
    return n;
}

void make_text(void) {
    int pos = 0, len, i;
    while (pos < BUF - 1) {
        len = 1 + (int)(next_rand() % 7u);
        for (i = 0; i < len && pos < BUF - 1; i++)
            text[pos++] = (char)('a' + next_rand() % 6u);
        if (pos < BUF - 1)
            text[pos++] = ' ';
    }
    text[pos] = '\0';
}

void make_words(void) {
    int w, i, len;
    for (w = 0; w < WORDS; w++) {
        len = 2 + (int)(next_rand() % 4u);
        for (i = 0; i < len; i++)
            words[w][i] = (char)('a' + next_rand() % 6u);
        words[w][len] = '\0';
    }
}

int main(void) {
    long total = 0;
    long cmp_sum = 0;
    int w, v, rep;
    int round;
    make_text();
    for (round = 0; round < 12; round++) {
        make_words();
        for (w = 0; w < WORDS; w++)
            total += count_occurrences(text, words[w]);
        for (w = 0; w < WORDS; w++)
            for (v = 0; v < WORDS; v++)
                cmp_sum += (w - v) * (my_strcmp(words[w], words[v]) < 0 ? -1 : my_strcmp(words[w], words[v]) > 0 ? 1 : 0);
        cmp_sum += my_strcmp(words[round], words[round + 1]);
    }
    for (rep = 0; rep < 250; rep++) {
        my_strcpy(scratch, text);
        my_reverse(scratch);
        total += count_char(scratch, 'a' + rep % 6) + my_strlen(scratch);
        total += scratch[rep * 7] + my_strcmp(scratch, text);
    }
    printf("strings: len=%ld total=%ld cmp=%ld\n", my_strlen(text), total, cmp_sum);
    return 0;
}
