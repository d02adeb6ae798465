/* Interpreter: a stack-based bytecode VM (switch in a loop) running two small programs. */
int printf(char *fmt, ...);

#define OP_HALT 0
#define OP_PUSH 1
#define OP_LOAD 2
#define OP_STORE 3
#define OP_ADD 4
#define OP_SUB 5
#define OP_MUL 6
#define OP_MOD 7
#define OP_LT 8
#define OP_LE 9
#define OP_JMP 10
#define OP_JZ 11
#define OP_JNZ 12
#define OP_DUP 13
#define OP_POP 14
#define OP_XOR 15
#define OP_INC 16

static int code[1000];
static int code_len;
static int labels[32];
static int fixup_at[64];
static int fixup_label[64];
static int nfixups;

void emit(int op) {
    code[code_len++] = op;
}

void emit1(int op, int arg) {
    code[code_len++] = op;
    code[code_len++] = arg;
}

/* jump to a label that may not be defined yet */
void emit_jump(int op, int label) {
    code[code_len++] = op;
    fixup_at[nfixups] = code_len;
    fixup_label[nfixups] = label;
    nfixups++;
    code[code_len++] = -1;
}

void place(int label) {
    labels[label] = code_len;
}

void link_program(void) {
    int i;
    for (i = 0; i < nfixups; i++)
        code[fixup_at[i]] = labels[fixup_label[i]];
    nfixups = 0;
}

long run(int start, long *vars) {
    long stack[64];
    int sp = 0;
    int pc = start;
    long a, b;
    long steps = 0;
    for (;;) {
        steps++;
        switch (code[pc++]) {
        case OP_HALT:
            return steps;
        case OP_PUSH:
            stack[sp++] = code[pc++];
            break;
        case OP_LOAD:
            stack[sp++] = vars[code[pc++]];
            break;
        case OP_STORE:
            vars[code[pc++]] = stack[--sp];
            break;
        case OP_ADD:
            b = stack[--sp];
            a = stack[--sp];
            stack[sp++] = a + b;
            break;
        case OP_SUB:
            b = stack[--sp];
            a = stack[--sp];
            stack[sp++] = a - b;
            break;
        case OP_MUL:
            b = stack[--sp];
            a = stack[--sp];
            stack[sp++] = a * b;
            break;
        case OP_MOD:
            b = stack[--sp];
            a = stack[--sp];
            stack[sp++] = a % b;
            break;
        case OP_LT:
            b = stack[--sp];
            a = stack[--sp];
            stack[sp++] = a < b;
            break;
        case OP_LE:
            b = stack[--sp];
            a = stack[--sp];
            stack[sp++] = a <= b;
            break;
        case OP_JMP:
            pc = code[pc];
            break;
        case OP_JZ:
            if (stack[--sp] == 0)
                pc = code[pc];
            else
                pc++;
            break;
        case OP_JNZ:
            if (stack[--sp] != 0)
                pc = code[pc];
            else
                pc++;
            break;
        case OP_DUP:
            stack[sp] = stack[sp - 1];
            sp++;
            break;
        case OP_POP:
            sp--;
            break;
        case OP_XOR:
            b = stack[--sp];
            a = stack[--sp];
            stack[sp++] = a ^ b;
            break;
        case OP_INC:
            vars[code[pc++]]++;
            break;
        default:
            printf("bad opcode %d at %d\n", code[pc - 1], pc - 1);
            return -1;
        }
    }
}

/* vars: 0 = n, 1 = d, 2 = count, 3 = limit, 4 = is_prime */
int build_primes(void) {
    int start = code_len;
    emit1(OP_PUSH, 2);
    emit1(OP_STORE, 0);
    place(0); /* loop over n */
    emit1(OP_LOAD, 0);
    emit1(OP_LOAD, 3);
    emit(OP_LT);
    emit_jump(OP_JZ, 4);
    emit1(OP_PUSH, 1);
    emit1(OP_STORE, 4);
    emit1(OP_PUSH, 2);
    emit1(OP_STORE, 1);
    place(1); /* loop over d */
    emit1(OP_LOAD, 1);
    emit(OP_DUP);
    emit(OP_MUL);
    emit1(OP_LOAD, 0);
    emit(OP_LE);
    emit_jump(OP_JZ, 3);
    emit1(OP_LOAD, 0);
    emit1(OP_LOAD, 1);
    emit(OP_MOD);
    emit_jump(OP_JNZ, 2);
    emit1(OP_PUSH, 0);
    emit1(OP_STORE, 4);
    emit_jump(OP_JMP, 3);
    place(2); /* d does not divide n */
    emit1(OP_INC, 1);
    emit_jump(OP_JMP, 1);
    place(3); /* after the d loop */
    emit1(OP_LOAD, 2);
    emit1(OP_LOAD, 4);
    emit(OP_ADD);
    emit1(OP_STORE, 2);
    emit1(OP_INC, 0);
    emit_jump(OP_JMP, 0);
    place(4);
    emit(OP_HALT);
    link_program();
    return start;
}

/* vars: 0 = i, 1 = h, 3 = limit; h = ((h * 31) ^ i) % 1000003 for i < limit */
int build_hash(void) {
    int start = code_len;
    emit1(OP_PUSH, 0);
    emit1(OP_STORE, 0);
    emit1(OP_PUSH, 7);
    emit1(OP_STORE, 1);
    place(10);
    emit1(OP_LOAD, 0);
    emit1(OP_LOAD, 3);
    emit(OP_LT);
    emit_jump(OP_JZ, 11);
    emit1(OP_LOAD, 1);
    emit1(OP_PUSH, 31);
    emit(OP_MUL);
    emit1(OP_LOAD, 0);
    emit(OP_XOR);
    emit1(OP_PUSH, 1000003);
    emit(OP_MOD);
    emit1(OP_STORE, 1);
    emit1(OP_INC, 0);
    emit_jump(OP_JMP, 10);
    place(11);
    emit(OP_HALT);
    link_program();
    return start;
}

int main(void) {
    long vars[8];
    long steps1, steps2;
    int p1, p2, i;
    p1 = build_primes();
    p2 = build_hash();
    for (i = 0; i < 8; i++)
        vars[i] = 0;
    vars[3] = 150000;
    steps1 = run(p1, vars);
    printf("vm primes: count=%ld steps=%ld\n", vars[2], steps1);
    for (i = 0; i < 8; i++)
        vars[i] = 0;
    vars[3] = 3000000;
    steps2 = run(p2, vars);
    printf("vm hash: h=%ld steps=%ld code=%d\n", vars[1], steps2, code_len);
    return 0;
}
