#!/usr/bin/env python3
"""Random C programs whose output gcc's build must reproduce exactly.

Each program is deterministic (its seed) and free of undefined behaviour,
so any difference between mcc's build and gcc's is a bug in one of them:

  integers     expressions over every integer type, computed as
               `unsigned long` (wrapping, never overflowing), with every
               conversion, shifts by masked counts, division by odd
               divisors, comparisons of mixed signedness;
  long-double  x87 arithmetic, comparisons, conditionals and conversions
               to and from every type, with constants that fold
               (subnormals, overflow to infinity, values beyond 2^64); NaNs
               print without their sign, which C leaves open;
  abi          structures of every scalar kind (`float` pairs, arrays,
               `long double` ones) passed and returned by value with long
               argument lists, both ways across a compiler boundary: `abi
               caller` is the unit mcc compiles (calls the other unit's
               functions, defines its own), `abi callee` the other one.

usage: gen-differential.py MODE SEED [caller|callee]
"""

import random
import sys

INTEGER_TYPES = [
    ("char", "c"), ("signed char", "sc"), ("unsigned char", "uc"),
    ("short", "s"), ("unsigned short", "us"), ("int", "i"),
    ("unsigned", "u"), ("long", "l"), ("unsigned long", "ul"), ("_Bool", "b"),
]


def integers(r):
    names = [n for _, n in INTEGER_TYPES]
    types = [t for t, _ in INTEGER_TYPES]
    literals = ["0", "1", "7", "-1", "-128", "255", "65535", "-32768",
                "2147483647", "2147483648u", "4294967295u",
                "0x7fffffffffffffffL", "0xffffffffffffffffUL",
                "-9223372036854775807L", "12345"]

    def leaf():
        k = r.random()
        if k < 0.6:
            return r.choice(names)
        if k < 0.8:
            return r.choice(literals)
        return "(%s)%s" % (r.choice(types), r.choice(names))

    def expr(depth):
        if depth == 0:
            return "(unsigned long)" + leaf()
        a, b = expr(depth - 1), expr(depth - 1)
        k = r.random()
        if k < 0.35:
            return "(%s %s %s)" % (a, r.choice("+-*&|^"), b)
        if k < 0.45:
            return "(%s / (%s | 1))" % (a, b)
        if k < 0.55:
            return "(%s %% (%s | 1))" % (a, b)
        if k < 0.65:
            return "(%s %s (%s & 63))" % (a, r.choice(["<<", ">>"]), b)
        if k < 0.75:
            op = r.choice(["<", "<=", ">", ">=", "==", "!="])
            return "(unsigned long)(%s %s %s)" % (leaf(), op, leaf())
        if k < 0.85:
            return "(unsigned long)(%s)(%s)" % (r.choice(types), a)
        if k < 0.92:
            return "(%s ? %s : %s)" % (a, b, expr(depth - 1))
        return "(unsigned long)(long)(double)(long)(%s >> 12)" % a

    out = ["int printf(const char *, ...);",
           "volatile char vc = -5; volatile signed char vsc = 100;",
           "volatile unsigned char vuc = 200; volatile short vs = -30000;",
           "volatile unsigned short vus = 60000; volatile int vi = -123456;",
           "volatile unsigned vu = 3000000000u; volatile long vl = -5000000000L;",
           "volatile unsigned long vul = 0xfedcba9876543210UL; volatile _Bool vb = 1;",
           "int main(void) {"]
    out.append("    " + " ".join("%s %s = v%s;" % (t, n, n) for t, n in INTEGER_TYPES))
    for _ in range(150):
        e = expr(r.randint(1, 4))
        if r.random() < 0.3:
            t, n = r.choice(INTEGER_TYPES)
            out.append('    %s = (%s)(%s); printf("%%lu\\n", (unsigned long)%s);' % (n, t, e, n))
        else:
            out.append('    printf("%%lu\\n", %s);' % e)
    out += ["    return 0;", "}"]
    return "\n".join(out)


def long_double(r):
    constants = ["0.1L", "1.0L/3", "-2.5L", "1e300L", "1e-300L", "0x1p63L",
                 "0x1.8p64L", "123456789012345678.0L", "-0.0L", "3.0L",
                 "1e4000L", "0x1p-16440L", "7.0L", "1e19L", "-9.2e18L"]
    variables = ["a", "b", "c", "d"]

    def leaf():
        k = r.random()
        if k < 0.4:
            return r.choice(constants)
        if k < 0.7:
            return r.choice(variables)
        if k < 0.8:
            return "(long double)" + r.choice(["i", "u", "l", "ul", "f", "dd"])
        return r.choice(["i", "l", "dd", "f"])

    def expr(depth):
        if depth == 0:
            return leaf()
        k = r.random()
        if k < 0.6:
            return "(%s %s %s)" % (expr(depth - 1), r.choice("+-*/"), expr(depth - 1))
        if k < 0.7:
            return "(- %s)" % expr(depth - 1)
        if k < 0.8:
            op = r.choice(["<", "<=", ">", ">=", "==", "!="])
            return "(%s %s %s ? %s : %s)" % (expr(depth - 1), op, expr(depth - 1),
                                            expr(depth - 1), expr(depth - 1))
        if k < 0.9:
            return "((double)%s)" % expr(depth - 1)
        return "((float)%s)" % expr(depth - 1)

    out = ["int printf(const char *, ...);",
           "volatile long double va = 1.25L, vb = -3.5L, vc = 0x1p-70L, vd = 1e10L;",
           "volatile int vi = -7; volatile unsigned vu = 4000000000u;",
           "volatile long vl = -1234567890123L; volatile unsigned long vul = 18000000000000000000UL;",
           "volatile float vf = 0.3f; volatile double vdd = 2.5e-3;",
           "static void show(long double x) {",
           '    if (x != x) printf("nan\\n"); else printf("%La\\n", x);',
           "}",
           "int main(void) {",
           "    long double a = va, b = vb, c = vc, d = vd; int i = vi; unsigned u = vu;",
           "    long l = vl; unsigned long ul = vul; float f = vf; double dd = vdd;"]
    for _ in range(120):
        e = expr(r.randint(1, 4))
        target = r.choice(["show(%s);", "a = %s; show(a);", "b += %s; show(b);",
                           "c = c * 0.5L + %s; show(c);"])
        out.append("    " + target % e)
        if r.random() < 0.2:
            # Conversions to integers only where the value fits.
            out.append("    { long double t = %s;" % e)
            out.append('      if (t == t && t > -1e18L && t < 1e18L) printf("%ld\\n", (long)t);')
            out.append('      if (t == t && t >= 0 && t < 1.8e19L) printf("%lu\\n", (unsigned long)t);')
            out.append('      if (t == t && t > -2e9L && t < 2e9L) printf("%d\\n", (int)t); }')
    out += ["    return 0;", "}"]
    return "\n".join(out)


SCALARS = ["char", "short", "int", "long", "float", "double", "long double",
           "unsigned char", "unsigned"]
FORMATS = {"char": "%d", "short": "%d", "int": "%d", "long": "%ld", "float": "%a",
           "double": "%a", "long double": "%La", "unsigned char": "%u", "unsigned": "%u"}


def abi(r, side):
    structs = []
    for _ in range(6):
        members = [r.choice(SCALARS) for _ in range(r.randint(1, 4))]
        if r.random() < 0.2:
            members = ["float", "float"]
        if r.random() < 0.15:
            members = ["long double"]
        structs.append((members, r.random() < 0.2))
    funcs = []
    for _ in range(8):
        args = [("s", r.randrange(len(structs))) if r.random() < 0.4 else ("t", r.choice(SCALARS))
                for _ in range(r.randint(1, 12))]
        ret = ("s", r.randrange(len(structs))) if r.random() < 0.6 else ("t", r.choice(SCALARS))
        funcs.append((args, ret))

    def tname(a):
        return "struct s%d" % a[1] if a[0] == "s" else a[1]

    def value(t, n):
        if t in ("float", "double", "long double"):
            return "(%s)%d.%d" % (t, n % 97, n % 7)
        return "(%s)%d" % (t, n % (100 if t == "char" else 1000))

    def initialiser(k, n):
        members, array = structs[k]
        parts = ["{%s, %s}" % (value(t, n + j), value(t, n + j + 5)) if array and j == 0
                 else value(t, n + j) for j, t in enumerate(members)]
        return "{" + ", ".join(parts) + "}"

    def show(k, name):
        members, array = structs[k]
        out = []
        for j, t in enumerate(members):
            access = "%s.m%d%s" % (name, j, "[1]" if array and j == 0 else "")
            widen = "(double)" if t == "float" else ""
            out.append('printf("%s ", %s%s);' % (FORMATS[t], widen, access))
        return " ".join(out)

    def definition(i, prefix):
        args, ret = funcs[i]
        params = ", ".join("%s a%d" % (tname(a), j) for j, a in enumerate(args))
        lines = ["%s %s%d(%s) {" % (tname(ret), prefix, i, params),
                 '    printf("%s%d: ");' % (prefix, i)]
        for j, a in enumerate(args):
            if a[0] == "s":
                lines.append("    " + show(a[1], "a%d" % j))
            else:
                widen = "(double)" if a[1] == "float" else ""
                lines.append('    printf("%s ", %sa%d);' % (FORMATS[a[1]], widen, j))
        lines.append('    printf("\\n");')
        if ret[0] == "s":
            lines.append("    struct s%d r = %s;" % (ret[1], initialiser(ret[1], i * 13 + 3)))
            lines.append("    return r;")
        else:
            lines.append("    return %s;" % value(ret[1], i * 7 + 1))
        lines.append("}")
        return "\n".join(lines)

    def call(i, prefix, salt):
        args, ret = funcs[i]
        actual = ["(struct s%d)%s" % (a[1], initialiser(a[1], salt + j * 3)) if a[0] == "s"
                  else value(a[1], salt + j * 11) for j, a in enumerate(args)]
        c = "%s%d(%s)" % (prefix, i, ", ".join(actual))
        if ret[0] == "s":
            return '{ struct s%d r = %s; %s printf("\\n"); }' % (ret[1], c, show(ret[1], "r"))
        widen = "(double)" if ret[1] == "float" else ""
        return 'printf("%s\\n", %s%s);' % (FORMATS[ret[1]], widen, c)

    def prototype(i, prefix):
        args, ret = funcs[i]
        return "%s %s%d(%s);" % (tname(ret), prefix, i, ", ".join(tname(a) for a in args))

    out = ["int printf(const char *, ...);"]
    for k, (members, array) in enumerate(structs):
        body = " ".join("%s m%d%s;" % (t, j, "[2]" if array and j == 0 else "")
                        for j, t in enumerate(members))
        out.append("struct s%d { %s };" % (k, body))
    mine, theirs = ("m", "g") if side == "caller" else ("g", "m")
    out += [prototype(i, theirs) for i in range(len(funcs))]
    out += [definition(i, mine) for i in range(len(funcs))]
    if side == "caller":
        out += ["void callee_calls(void);", "int main(void) {"]
        out += ["    " + call(i, theirs, i * 5) for i in range(len(funcs))]
        out += ["    callee_calls();", "    return 0;", "}"]
    else:
        out.append("void callee_calls(void) {")
        out += ["    " + call(i, theirs, i * 9) for i in range(len(funcs))]
        out.append("}")
    return "\n".join(out)


def main():
    mode, seed = sys.argv[1], int(sys.argv[2])
    r = random.Random("%s-%d" % (mode, seed))
    if mode == "integers":
        print(integers(r))
    elif mode == "long-double":
        print(long_double(r))
    elif mode == "abi":
        print(abi(r, sys.argv[3]))
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
