// exit: 0
/* `(void *)0` is a null pointer constant (C17 6.3.2.3p3), so a `?:` with
   it as one arm has the type of the other arm (C17 6.5.15p6): here
   `int *`, which can be dereferenced and whose pointee has size 4. mcc
   types the result as `void *` and rejects the dereference. */
int main(void) {
    int x = 3;
    int *ip = &x;
    int c = 1;
    *(c ? ip : (void *)0) = 5;
    if (x != 5)
        return 1;
    if (sizeof *(c ? (void *)0 : ip) != 4)
        return 2;
    return 0;
}
