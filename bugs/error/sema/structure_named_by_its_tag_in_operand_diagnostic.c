// error: 10: have 'struct number' and 'int'
/* A diagnostic names a structure type as the program wrote it, `struct
   number`, as gcc does; mcc prints an internal number ('struct #783'). */
struct number {
    int n;
};

int main(void) {
    struct number a = {1};
    return a + 1;
}
