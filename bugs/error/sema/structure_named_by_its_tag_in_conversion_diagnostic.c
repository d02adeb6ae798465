// error: 15: from 'struct b' to 'struct a'
/* A diagnostic names structure types by their tags, as gcc does
   ("... to type 'struct a' from type 'struct b'"); mcc prints internal
   numbers instead ('struct #786' to 'struct #785'). */
struct a {
    int x;
};
struct b {
    int x;
};

int main(void) {
    struct a first = {1};
    struct b second = {2};
    first = second;
    return first.x;
}
