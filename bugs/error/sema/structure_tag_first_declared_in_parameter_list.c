// error: 14
/* A tag first declared inside a prototype's parameter list has function
   prototype scope (C17 6.2.1p4), ending with the declarator: the file-scope
   `struct fresh` defined afterwards is another type, so the definition of
   `f` conflicts with its declaration (gcc: "conflicting types for 'f'").
   mcc takes the parameter list's tag to be the file-scope one and accepts
   the program. */
int f(struct fresh *p);

struct fresh {
    int a;
};

int f(struct fresh *p) {
    return p->a;
}

int main(void) {
    struct fresh x = {3};
    return f(&x);
}
