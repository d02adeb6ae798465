#!/usr/bin/env python3
"""gen-program.py - deterministic generator of large, UB-free C programs for mcc.

Writes to stdout a valid C program of roughly --lines N lines (default 10000) that
uses only the C subset of "Writing a C Compiler" Part I (chapters 1-10 with all
extra-credit features):

  * only `int`; locals (with shadowing in nested blocks), parameters,
    static locals, file-scope static / non-static variables, block-scope `extern`;
  * every arithmetic, bitwise, relational and logical operator, unary - ~ !,
    ?:, assignment, all compound assignments, prefix/postfix ++ and --;
  * if/else, while, do-while, for (with and without a declaration),
    break/continue, switch/case/default (with fall-through), goto/labels;
  * functions with 0-8 parameters that only call previously defined functions
    (so there is no recursion), occasional redundant prototypes;
  * main() calls most functions and returns a checksum `& 255`.

The same --seed always gives byte-identical output.

How the program stays free of undefined behaviour
-------------------------------------------------
Every expression is built together with an interval that bounds its value. Each
variable has a class with an invariant range (u: [0, 65535], s: [-65536, 65535]).
Operands are wrapped with `& M`, `% C`, `/ C` or `>> k` whenever an operation could
leave [-2^29, 2^29] (so no signed overflow); divisors are provably non-zero
(`(e & 255) + 1`, `e | 1`, non-zero constants); shifted values are non-negative and
shift counts are 0..15.  Growing updates (`x += e`, `x++`, `x *= e`, `x <<= n` ...) are
only generated in expression statements; the variable is then "dirty" and is brought
back into its invariant range (`x %= 65536;` / `x &= 65535;`) before the next
control-flow boundary (compound statement, label, break/continue/goto, end of block).
Side effects inside an expression never touch a variable (or a callee's global or
static state) that another unsequenced part of the same expression reads or writes,
so the result does not depend on evaluation order.  Loops run a small, fixed number
of iterations (the counter is read-only in the body and is stepped at the top of the
body or in the for-header, so `continue` is safe), gotos only jump forward to labels
in the function's outermost block (which has no declarations after its prologue),
and an estimated execution-cost budget per function keeps the run time small.

With --types the program uses the types of Part II (chapters 11-18) throughout:
long, unsigned int, unsigned long, char, signed char, unsigned char and double;
pointers (arithmetic, comparison and subtraction, pointers to locals, globals,
members, array elements and rows, pointer parameters, cursors running over
arrays and strings, pointers returned from functions, void * with malloc, calloc
and free); one- and two-dimensional arrays, local and global, with initialisers;
string literals (char arrays initialised by them, char * to them, indexing them);
structures and unions (nested, members through . and ->, passed and returned by
value, arrays of structures, a malloc'ed linked list); casts between all of
these, sizeof, static locals and globals, extern declarations; plus the
statements of Part I (switch only on int).  It uses no preprocessor directive,
typedef, enum, const, function pointer, long long, short, float, _Bool, variadic
definition, compound literal or designated initialiser; main returns a checksum
of every result and of every global (& 255).  How it stays free of undefined
behaviour is described before class Ty below.

Usage: gen-program.py [--lines N] [--seed S] [--print] [--types]
  --print  also declare putchar() and print the running checksum after every call
           in main (handy for differential testing; not part of the Part I subset
           tests otherwise use).
  --types  generate a program in the Part II subset described above (the same
           --lines N, --seed S and --print; without --types the output is the
           Part I program, unchanged).
"""

import argparse
import contextlib
import random
import re
import sys

LIM = 1 << 29            # products/shifts stay within [-LIM, LIM]; sums get reduced
HARD = 1 << 30           # no (sub)expression value ever leaves [-HARD, HARD]
DIRTY_LIM = 1 << 24      # dirty locals are normalised once they may exceed this
INV = {'u': (0, 65535), 's': (-65536, 65535)}
FUNC_BUDGET = 2500       # estimated executed statements per function (incl. callees)
MAX_MULT = 48            # max product of enclosing loop trip counts

BINPREC = {
    '*': 13, '/': 13, '%': 13, '+': 12, '-': 12, '<<': 11, '>>': 11,
    '<': 10, '<=': 10, '>': 10, '>=': 10, '==': 9, '!=': 9,
    '&': 8, '^': 7, '|': 6, '&&': 5, '||': 4,
}
P_TERNARY, P_ASSIGN, P_UNARY, P_POSTFIX = 3, 2, 15, 16

LOCAL_NAMES = ['a', 'b', 'c', 'd', 'e', 'h', 'i', 'j', 'k', 'm', 'n', 'p', 'q',
               'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'acc', 'tmp', 'sum',
               'val', 'cnt', 'res', 'lo', 'hi', 'tot', 'aux', 'idx', 'len', 'step']


def maxabs(lo, hi):
    return max(abs(lo), abs(hi))


def bits_signed(lo, hi):
    """smallest n such that [lo, hi] fits in an n-bit two's complement integer"""
    n = 1
    while not (-(1 << (n - 1)) <= lo and hi <= (1 << (n - 1)) - 1):
        n += 1
    return n


def bitop_interval(op, a, b):
    (alo, ahi), (blo, bhi) = a, b
    if op == '&':
        if alo >= 0 and blo >= 0:
            return 0, min(ahi, bhi)
        if alo >= 0:
            return 0, ahi
        if blo >= 0:
            return 0, bhi
    elif alo >= 0 and blo >= 0:
        top = max(ahi, bhi)
        return 0, (1 << top.bit_length()) - 1
    n = max(bits_signed(alo, ahi), bits_signed(blo, bhi))
    return -(1 << (n - 1)), (1 << (n - 1)) - 1


class Var:
    __slots__ = ('id', 'name', 'cls', 'kind')

    def __init__(self, vid, name, cls, kind):
        self.id, self.name, self.cls, self.kind = vid, name, cls, kind

    @property
    def inv(self):
        return INV[self.cls]


class Func:
    __slots__ = ('name', 'pcls', 'R', 'W', 'cost')

    def __init__(self, name, pcls):
        self.name, self.pcls = name, pcls
        self.R, self.W, self.cost = set(), set(), 0


class Node:
    """An expression: text, precedence, value interval, vars read/written
    (ids; for calls including the callee's globals/static locals), and the
    interval each written variable has after the expression (eff)."""
    __slots__ = ('text', 'prec', 'lo', 'hi', 'R', 'W', 'eff', 'nz')

    def __init__(self, text, prec, lo, hi, R=frozenset(), W=frozenset(), eff=None, nz=None):
        assert -HARD <= lo <= hi <= HARD, (text, lo, hi)
        self.text, self.prec, self.lo, self.hi = text, prec, lo, hi
        self.R, self.W = R, W
        self.eff = eff if eff is not None else {}
        self.nz = nz if nz is not None else (lo > 0 or hi < 0)


def paren(n, need):
    return n.text if n.prec >= need else '(' + n.text + ')'


def merge(*effs):
    out = {}
    for e in effs:
        out.update(e)
    return out


class FuncGen:
    """Generates one function body."""

    def __init__(self, g, params, is_main=False):
        self.g = g
        self.rng = g.rng
        self.out = []
        self.ind = 1
        # file-scope variables this function may use: a small, mostly recent
        # working set (all globals are in scope, but scanning thousands of them
        # for every leaf would make generation quadratic)
        gl = g.globals_list
        ws = gl[-10:] + [g.rng.choice(gl) for _ in range(6 if gl else 0)]
        self.scopes = [{v.name: v for v in ws}, {}]
        self._vis = None
        self.cur = {}              # var id -> current interval if it differs from invariant
        self.locked = set()        # loop counters of enclosing loops (read-only)
        self.fR, self.fW = set(), set()
        self.cost = 0
        self.mult = 1
        self.loops = 0             # enclosing loops (continue ok)
        self.breakable = 0         # enclosing loops + switches (break ok)
        self.depth = 0
        self.pending = []          # labels that gotos jumped to, not placed yet
        self.labels_used = set()
        self.mode = 'growth'       # 'growth' | 'safe'
        self.is_main = is_main
        self.params = []
        for name, cls in params:
            v = g.new_var(name, cls, 'param')
            self.scopes[1][name] = v
            self.params.append(v)

    # ----------------------------------------------------------- scopes / vars
    def visible(self):
        if self._vis is None:
            seen, vis = set(), []
            for sc in reversed(self.scopes):
                for name, v in sc.items():
                    if name not in seen:
                        seen.add(name)
                        vis.append(v)
            self._vis = vis
        return self._vis

    def push(self):
        self.scopes.append({})
        self._vis = None

    def pop(self):
        self.scopes.pop()
        self._vis = None

    def declare(self, v):
        self.scopes[-1][v.name] = v
        self._vis = None

    def fresh_name(self):
        inner = self.scopes[-1]
        for _ in range(20):
            r = self.rng.random()
            if r < 0.12 and self.g.globals_list:
                name = self.rng.choice(self.g.globals_list).name   # shadow a global
            elif r < 0.75:
                name = self.rng.choice(LOCAL_NAMES)
            else:
                name = '%s%d' % (self.rng.choice(LOCAL_NAMES), self.rng.randrange(10))
            if name not in inner and name not in self.labels_used:
                return name
        self.g.uniq += 1
        return 'loc%d' % self.g.uniq

    def interval(self, v):
        return self.cur.get(v.id, v.inv)

    def writable(self, nw):
        return [v for v in self.visible()
                if v.id not in nw and v.id not in self.locked and v.kind != 'counter']

    def note(self, n):
        for vid in n.R:
            if vid in self.g.stateful:
                self.fR.add(vid)
        for vid in n.W:
            if vid in self.g.stateful:
                self.fW.add(vid)

    # ----------------------------------------------------------------- output
    def emit(self, text):
        self.out.append('    ' * self.ind + text)
        self.cost += self.mult

    def close_brace(self):
        """a closing brace at the current indentation (it costs nothing to run)"""
        self.out.append('    ' * self.ind + '}')

    def open_block(self):
        self.emit('{')
        self.ind += 1
        self.push()

    def close_block(self):
        self.pop()
        self.ind -= 1
        self.close_brace()

    # ------------------------------------------------------------ expressions
    def const(self, v=None):
        if v is None:
            r = self.rng.random()
            if r < 0.6:
                v = self.rng.randrange(0, 10)
            elif r < 0.9:
                v = self.rng.randrange(10, 300)
            elif r < 0.97:
                v = self.rng.randrange(300, 70000)
            else:
                v = self.rng.randrange(70000, 100000000)
        return Node(str(v), P_POSTFIX, v, v)

    def reduce(self, n, m):
        """wrap n so that its magnitude is <= m (m >= 1)"""
        if maxabs(n.lo, n.hi) <= m:
            return n
        opts = []
        k = m.bit_length()
        if (1 << k) - 1 > m:
            k -= 1
        mask = (1 << self.rng.randrange(max(1, k - 4), k + 1)) - 1
        opts.append(('&', mask))
        opts.append(('%', self.rng.randrange(max(2, (m + 1) // 4), m + 2)))
        need = -(-maxabs(n.lo, n.hi) // m)
        if need <= 50000:
            opts.append(('/', self.rng.randrange(need, need * 2 + 1)))
        if n.lo >= 0:
            s = 0
            while (n.hi >> s) > m:
                s += 1
            if s <= 15:
                opts.append(('>>', s))
        op, c = self.rng.choice(opts)
        return self.binconst(n, op, c)

    def binconst(self, n, op, c):
        if op == '&':
            lo, hi = bitop_interval('&', (n.lo, n.hi), (c, c))
        elif op == '%':
            b = min(maxabs(n.lo, n.hi), c - 1)
            lo, hi = (0 if n.lo >= 0 else -b), (0 if n.hi <= 0 else b)
        elif op == '/':
            lo, hi = int(n.lo / c), int(n.hi / c)
        else:  # >>
            lo, hi = n.lo >> c, n.hi >> c
        p = BINPREC[op]
        return Node(paren(n, p) + ' ' + op + ' ' + str(c), p, lo, hi, n.R, n.W, n.eff)

    def clamp(self, n):
        if maxabs(n.lo, n.hi) > LIM // 2:
            return self.reduce(n, self.rng.choice([255, 1023, 65535, 1 << 20]))
        assert maxabs(n.lo, n.hi) <= LIM // 2 + 1
        return n

    def fit(self, n, cls):
        lo, hi = INV[cls]
        if lo <= n.lo and n.hi <= hi:
            return n
        r = self.rng.random()
        if cls == 'u' or r < 0.4:
            if n.lo >= 0 and r < 0.2:
                return self.binconst(n, '%', self.rng.choice([10, 100, 1000, 4096, 65536]))
            return self.binconst(n, '&', self.rng.choice([15, 255, 1023, 4095, 32767, 65535]))
        if r < 0.8:
            return self.binconst(n, '%', self.rng.choice([7, 10, 100, 1000, 30000, 65536]))
        return self.binconst(n, '/', max(2, -(-maxabs(n.lo, n.hi) // 60000)))

    def bin(self, op, a, b, lo, hi):
        p = BINPREC[op]
        if op in ('&&', '||'):
            eff = merge(a.eff, self.cond_eff(b.eff))
        else:
            eff = merge(a.eff, b.eff)
        t = paren(a, p) + ' ' + op + ' ' + paren(b, p + 1)
        return Node(t, p, lo, hi, a.R | b.R, a.W | b.W, eff)

    def cond_eff(self, eff):
        """effects that may or may not happen: union with the old interval"""
        out = {}
        for vid, (lo, hi) in eff.items():
            olo, ohi = self.cur.get(vid, self.g.vars[vid].inv)
            out[vid] = (min(lo, olo), max(hi, ohi))
        return out

    def after(self, a, nr, nw):
        return nr | a.W, nw | a.R | a.W

    def expr(self, depth, nr, nw):
        rng = self.rng
        if depth <= 0 or rng.random() < 0.18:
            return self.leaf(nr, nw)
        r = rng.random()
        if r < 0.22:
            return self.arith(rng.choice('+-'), depth, nr, nw)
        if r < 0.30:
            return self.mul(depth, nr, nw)
        if r < 0.38:
            return self.divmod(rng.choice('/%'), depth, nr, nw)
        if r < 0.45:
            return self.shift(rng.choice(['<<', '>>']), depth, nr, nw)
        if r < 0.55:
            return self.bitwise(rng.choice('&|^'), depth, nr, nw)
        if r < 0.65:
            return self.relational(depth, nr, nw)
        if r < 0.71:
            return self.logical(depth, nr, nw)
        if r < 0.78:
            return self.unary(depth, nr, nw)
        if r < 0.84:
            return self.ternary(depth, nr, nw)
        if r < 0.92:
            c = self.call(depth, nr, nw)
            if c is not None:
                return c
        if rng.random() < 0.5:
            e = self.effect(depth, nr, nw)
            if e is not None:
                return e
        return self.leaf(nr, nw)

    def leaf(self, nr, nw):
        if self.rng.random() < 0.3:
            return self.const()
        cands = [v for v in self.visible() if v.id not in nr]
        if not cands:
            return self.const()
        v = self.rng.choice(cands)
        lo, hi = self.interval(v)
        return Node(v.name, P_POSTFIX, lo, hi, frozenset([v.id]))

    def arith(self, op, depth, nr, nw):
        a = self.expr(depth - 1, nr, nw)
        b = self.expr(depth - 1, *self.after(a, nr, nw))
        if op == '+':
            lo, hi = a.lo + b.lo, a.hi + b.hi
        else:
            lo, hi = a.lo - b.hi, a.hi - b.lo
        return self.clamp(self.bin(op, a, b, lo, hi))

    def mul(self, depth, nr, nw):
        a = self.expr(depth - 1, nr, nw)
        b = self.expr(depth - 1, *self.after(a, nr, nw))
        if maxabs(a.lo, a.hi) * maxabs(b.lo, b.hi) > LIM:
            a = self.reduce(a, self.rng.choice([15, 255, 1023, 16383]))
            b = self.reduce(b, LIM // max(1, maxabs(a.lo, a.hi)))
        ps = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi]
        return self.clamp(self.bin('*', a, b, min(ps), max(ps)))

    def divisor(self, nr, nw):
        r = self.rng.random()
        if r < 0.35:
            c = self.rng.randrange(1, 20)
            if self.rng.random() < 0.2:
                return Node('-' + str(c), P_UNARY, -c, -c)
            return self.const(c)
        e = self.expr(1, nr, nw)
        if r < 0.75:
            mask = self.rng.choice([3, 7, 15, 255])
            m = self.bin('&', e, self.const(mask), *bitop_interval('&', (e.lo, e.hi), (mask, mask)))
            return self.bin('+', m, self.const(1), 1, m.hi + 1)
        lo, hi = bitop_interval('|', (e.lo, e.hi), (1, 1))
        n = self.bin('|', e, self.const(1), lo, hi)
        n.nz = True
        return n

    def divmod(self, op, depth, nr, nw):
        a = self.expr(depth - 1, nr, nw)
        d = self.divisor(*self.after(a, nr, nw))
        assert d.nz
        A = maxabs(a.lo, a.hi)
        if op == '/':
            mind = 1 if d.lo <= 0 <= d.hi else min(abs(d.lo), abs(d.hi))
            bnd = A // mind
            if a.lo >= 0 and d.lo > 0:
                lo, hi = 0, bnd
            else:
                lo, hi = -bnd, bnd
        else:
            bnd = min(A, maxabs(d.lo, d.hi) - 1)
            lo = 0 if a.lo >= 0 else -bnd
            hi = 0 if a.hi <= 0 else bnd
        return self.bin(op, a, d, lo, hi)

    def shift_count(self, nr, nw):
        if self.rng.random() < 0.6:
            return self.const(self.rng.randrange(0, 16))
        e = self.expr(1, nr, nw)
        mask = self.rng.choice([3, 7, 15])
        return self.bin('&', e, self.const(mask), 0, mask)

    def nonneg(self, n):
        if n.lo < 0:
            return self.binconst(n, '&', self.rng.choice([255, 1023, 65535]))
        return n

    def shift(self, op, depth, nr, nw):
        a = self.nonneg(self.expr(depth - 1, nr, nw))
        s = self.shift_count(*self.after(a, nr, nw))
        if op == '<<':
            if (a.hi << s.hi) > LIM // 2:
                a = self.reduce(a, max(1, (LIM // 2) >> s.hi))
            return self.bin(op, a, s, a.lo << s.lo, a.hi << s.hi)
        return self.bin(op, a, s, a.lo >> s.hi, a.hi >> s.lo)

    def bitwise(self, op, depth, nr, nw):
        a = self.expr(depth - 1, nr, nw)
        b = self.expr(depth - 1, *self.after(a, nr, nw))
        lo, hi = bitop_interval(op, (a.lo, a.hi), (b.lo, b.hi))
        return self.clamp(self.bin(op, a, b, lo, hi))

    def relational(self, depth, nr, nw):
        a = self.expr(depth - 1, nr, nw)
        b = self.expr(depth - 1, *self.after(a, nr, nw))
        op = self.rng.choice(['<', '<=', '>', '>=', '==', '!='])
        return self.bin(op, a, b, 0, 1)

    def logical(self, depth, nr, nw):
        a = self.expr(depth - 1, nr, nw)
        b = self.expr(depth - 1, *self.after(a, nr, nw))
        return self.bin(self.rng.choice(['&&', '||']), a, b, 0, 1)

    def unary(self, depth, nr, nw):
        a = self.expr(depth - 1, nr, nw)
        op = self.rng.choice(['-', '~', '!'])
        t = paren(a, P_UNARY)
        if op == '-' and t.startswith('-'):
            t = '(' + t + ')'
        if op == '-':
            lo, hi = -a.hi, -a.lo
        elif op == '~':
            lo, hi = -a.hi - 1, -a.lo - 1
        else:
            lo, hi = 0, 1
        return Node(op + t, P_UNARY, lo, hi, a.R, a.W, a.eff)

    def ternary(self, depth, nr, nw):
        c = self.expr(depth - 1, nr, nw)
        nr, nw = self.after(c, nr, nw)
        a = self.expr(depth - 1, nr, nw)
        b = self.expr(depth - 1, *self.after(a, nr, nw))
        t = paren(c, P_TERNARY + 1) + ' ? ' + paren(a, P_ASSIGN) + ' : ' + paren(b, P_TERNARY)
        eff = merge(c.eff, self.cond_eff(a.eff), self.cond_eff(b.eff))
        return Node(t, P_TERNARY, min(a.lo, b.lo), max(a.hi, b.hi),
                    c.R | a.R | b.R, c.W | a.W | b.W, eff)

    def pick_func(self, nr, nw):
        fs = self.g.funcs
        if not fs:
            return None
        room = FUNC_BUDGET - self.cost if not self.is_main else 10 ** 9
        for _ in range(6):
            f = fs[-1 - min(len(fs) - 1, int(self.rng.expovariate(1 / 12.0)))] \
                if self.rng.random() < 0.7 else self.rng.choice(fs)
            if f.cost * self.mult > room:
                continue
            if f.R & nr or f.W & nw:
                continue
            return f
        return None

    def call(self, depth, nr, nw, f=None):
        f = f or self.pick_func(nr, nw)
        if f is None:
            return None
        args, R, W, eff = [], set(f.R), set(f.W), {}
        cnr, cnw = nr, nw
        for cls in f.pcls:
            a = self.fit(self.expr(max(0, min(depth - 1, 2)), cnr, cnw), cls)
            cnr, cnw = self.after(a, cnr, cnw)
            args.append(a.text)
            R |= a.R
            W |= a.W
            eff.update(a.eff)
        self.cost += self.mult * f.cost
        return Node('%s(%s)' % (f.name, ', '.join(args)), P_POSTFIX, -65536, 65535,
                    frozenset(R), frozenset(W), eff)

    def effect(self, depth, nr, nw, top=False):
        """assignment / compound assignment / ++ -- used as an expression.
        Growing updates only in 'growth' mode, and for globals / static locals
        only at the root of an expression statement (callees must always see
        them inside their invariant range; apply() normalises them afterwards)."""
        cands = self.writable(nw)
        if not cands:
            return None
        v = self.rng.choice(cands)
        vid = v.id
        lo0, hi0 = self.interval(v)
        growth = self.mode == 'growth' and (top or vid not in self.g.stateful)
        nw2 = nw | {vid}
        R1, W1 = frozenset([vid]), frozenset([vid])
        r = self.rng.random()
        if growth and r < 0.2:
            if maxabs(lo0, hi0) + 1 > DIRTY_LIM:
                return None
            op = self.rng.choice(['++', '--'])
            d = 1 if op == '++' else -1
            nlo, nhi = lo0 + d, hi0 + d
            if self.rng.random() < 0.5:
                return Node(v.name + op, P_POSTFIX, lo0, hi0, R1, W1, {vid: (nlo, nhi)})
            return Node(op + v.name, P_UNARY, nlo, nhi, R1, W1, {vid: (nlo, nhi)})
        if r < 0.55:
            e = self.expr(depth - 1, nr, nw2)
            if not growth or v.kind not in ('local', 'param') or maxabs(e.lo, e.hi) > DIRTY_LIM:
                e = self.fit(e, v.cls)
            return Node(v.name + ' = ' + paren(e, P_ASSIGN), P_ASSIGN, e.lo, e.hi,
                        e.R, e.W | W1, merge(e.eff, {vid: (e.lo, e.hi)}))
        return self.compound(v, depth, nr, nw2, growth)

    def compound(self, v, depth, nr, nw2, growth):
        vid = v.id
        lo0, hi0 = self.interval(v)
        ops = ['%=', '/=', '&=', '|=', '^=']
        if lo0 >= 0:
            ops.append('>>=')
        if growth:
            ops += ['+=', '-=', '+=', '*=']
            if lo0 >= 0:
                ops.append('<<=')
        op = self.rng.choice(ops)
        if op in ('%=', '/='):
            e = self.divisor(nr, nw2)
            A = maxabs(lo0, hi0)
            if op == '/=':
                mind = 1 if e.lo <= 0 <= e.hi else min(abs(e.lo), abs(e.hi))
                b = A // mind
            else:
                b = min(A, maxabs(e.lo, e.hi) - 1)
            if op == '/=' and e.lo <= 0:       # divisor may be negative: sign may flip
                lo, hi = -b, b
            else:                              # sign follows the dividend
                lo, hi = (0 if lo0 >= 0 else -b), (0 if hi0 <= 0 else b)
        elif op in ('&=', '|=', '^='):
            e = self.fit(self.expr(depth - 1, nr, nw2), v.cls)
            lo, hi = bitop_interval(op[0], (lo0, hi0), (e.lo, e.hi))
        elif op in ('>>=', '<<='):
            e = self.shift_count(nr, nw2)
            if op == '>>=':
                lo, hi = lo0 >> e.hi, hi0 >> e.lo
            else:
                lo, hi = lo0 << e.lo, hi0 << e.hi
        elif op == '*=':
            e = self.reduce(self.expr(depth - 1, nr, nw2), self.rng.choice([3, 15, 100]))
            ps = [lo0 * e.lo, lo0 * e.hi, hi0 * e.lo, hi0 * e.hi]
            lo, hi = min(ps), max(ps)
        else:
            e = self.reduce(self.expr(depth - 1, nr, nw2), self.rng.choice([1, 9, 255, 65535]))
            if op == '+=':
                lo, hi = lo0 + e.lo, hi0 + e.hi
            else:
                lo, hi = lo0 - e.hi, hi0 - e.lo
        ilo, ihi = v.inv
        if not (-DIRTY_LIM <= lo and hi <= DIRTY_LIM):
            return None
        if not growth and not (ilo <= lo and hi <= ihi):
            return None
        return Node(v.name + ' ' + op + ' ' + paren(e, P_ASSIGN), P_ASSIGN, lo, hi,
                    e.R | {vid}, e.W | {vid}, merge(e.eff, {vid: (lo, hi)}))

    # ------------------------------------------------------ expression roots
    def full_expr(self, depth=None, nw=frozenset()):
        """an expression evaluated as a whole (condition, initializer, argument)"""
        if depth is None:
            depth = self.rng.randrange(1, 5)
        n = self.expr(depth, frozenset(), frozenset(self.locked) | nw)
        self.note(n)
        return n

    def apply(self, n):
        """record the variables an expression statement wrote"""
        for vid, iv in n.eff.items():
            v = self.g.vars[vid]
            if iv == v.inv:
                self.cur.pop(vid, None)
            else:
                self.cur[vid] = iv
        # globals and static locals are normalised right away, other locals
        # once they get large
        for vid in list(self.cur):
            v = self.g.vars[vid]
            lo, hi = self.cur[vid]
            if vid in self.g.stateful or maxabs(lo, hi) > DIRTY_LIM // 4:
                self.normalize_var(v)

    def normalize_var(self, v):
        lo, hi = self.cur.pop(v.id)
        ilo, ihi = v.inv
        if ilo <= lo and hi <= ihi:
            return
        r = self.rng.random()
        if v.cls == 'u' or (lo >= 0 and r < 0.3):
            mask = 65535 if r < 0.7 else self.rng.choice([255, 4095, 32767])
            if r < 0.5:
                self.emit('%s &= %d;' % (v.name, mask))
            else:
                self.emit('%s = %s & %d;' % (v.name, v.name, mask))
        else:
            m = 65536 if r < 0.7 else self.rng.choice([1000, 30000, 50000])
            if r < 0.5:
                self.emit('%s %%= %d;' % (v.name, m))
            else:
                self.emit('%s = %s %% %d;' % (v.name, v.name, m))
        self.fW.update([v.id] if v.id in self.g.stateful else [])

    def normalize(self):
        for vid in list(self.cur):
            self.normalize_var(self.g.vars[vid])
        self.cur = {}

    @contextlib.contextmanager
    def safe_mode(self):
        """expressions generated inside make no growing updates"""
        old = self.mode
        self.mode = 'safe'
        try:
            yield
        finally:
            self.mode = old

    def cond(self, depth=None):
        with self.safe_mode():
            for _ in range(3):   # prefer conditions that depend on some variable
                n = self.full_expr(depth if depth is not None else self.rng.randrange(1, 4))
                if n.R:
                    break
        return n

    # ------------------------------------------------------------- statements
    def expr_stmt(self):
        r = self.rng.random()
        nw = frozenset(self.locked)
        n = None
        if r < 0.12:
            n = self.call(2, frozenset(), nw)
        if n is None:
            for _ in range(4):
                n = self.effect(self.rng.randrange(1, 5), frozenset(), nw, top=True)
                if n is not None:
                    break
        if n is None:
            n = self.full_expr(2)
        self.note(n)
        self.emit(n.text + ';')
        self.apply(n)

    def simple_stmt(self, allow_decl):
        """a statement that never needs normalisation code after it inside the same
        statement (declarations and growth effects are handled by the caller)"""
        if allow_decl and self.rng.random() < 0.18:
            self.decl()
        else:
            self.expr_stmt()

    def decl(self):
        g = self.g
        if self.rng.random() < 0.06 and len(self.scopes) > 2:
            cands = [gv for gv in g.globals_list if gv.name not in self.scopes[-1]]
            if cands:
                gv = self.rng.choice(cands)
                vis = {v.name: v for v in self.visible()}
                shadowed = vis.get(gv.name) is not gv
                if not (shadowed and gv.kind == 'static_global'):
                    self.emit('extern int %s;' % gv.name)
                    self.declare(gv)
                    return
        name = self.fresh_name()
        cls = self.rng.choice('us')
        if self.rng.random() < 0.08 and not self.is_main:
            v = g.new_var(name, cls, 'static')
            init = self.rng.randrange(0, 100)
            self.emit('static int %s = %d;' % (name, init) if self.rng.random() < 0.8
                      else 'static int %s;' % name)
            self.declare(v)
            return
        v = g.new_var(name, cls, 'local')
        # the initializer must not see the new variable: generate it first
        hide = [x.id for x in self.visible() if x.name == name]
        e = self.expr(self.rng.randrange(0, 4), frozenset(hide), frozenset(self.locked) | frozenset(hide))
        e = self.fit(e, cls)
        self.note(e)
        if self.rng.random() < 0.1:
            self.emit('int %s;' % name)
            self.declare(v)
            self.emit('%s = %s;' % (name, e.text))
        else:
            self.emit('int %s = %s;' % (name, e.text))
            self.declare(v)
        self.apply(e)
        self.cur[v.id] = (e.lo, e.hi)

    def block(self, nstmts, allow_decl=True, extra_first=None):
        """{ ... } - normalises everything before the closing brace"""
        self.open_block()
        if extra_first:
            extra_first()
        self.stmts(nstmts, allow_decl)
        self.normalize()
        self.close_block()

    def stmts(self, n, allow_decl):
        for i in range(n):
            self.stmt(allow_decl)

    def stmt(self, allow_decl=True, top=False):
        rng = self.rng
        self.depth += 1
        p_compound = (0.45, 0.4, 0.25, 0.12)[min(self.depth - 1, 3)] if self.depth <= 4 else 0
        if len(self.out) > 300:
            p_compound = 0
        if rng.random() >= p_compound:
            self.simple_stmt(allow_decl and not top)
        else:
            self.normalize()
            r = rng.random()
            if r < 0.30:
                self.if_stmt()
            elif r < 0.50:
                self.for_stmt()
            elif r < 0.60:
                self.while_stmt()
            elif r < 0.68:
                self.do_stmt()
            elif r < 0.78:
                self.switch_stmt()
            elif r < 0.84:
                self.block(rng.randrange(1, 4))
            elif r < 0.92:
                self.jump_stmt()
            elif r < 0.96:
                self.ret_stmt()
            else:
                self.emit(';')
            self.cur = {}
        self.depth -= 1

    def sub_stmt(self, braced=None):
        """body of if/else/for: a block or a single self-contained statement"""
        if braced is None:
            braced = self.rng.random() < 0.75
        if braced:
            self.block(self.rng.randrange(1, 5))
            return
        self.ind += 1
        self.depth += 1
        r = self.rng.random()
        if r < 0.6 or self.depth > 4:
            with self.safe_mode():
                n = None
                for _ in range(4):
                    n = self.effect(self.rng.randrange(1, 4), frozenset(), frozenset(self.locked))
                    if n is not None:
                        break
                if n is None:
                    n = self.call(2, frozenset(), frozenset(self.locked)) or self.full_expr(2)
            self.note(n)
            self.emit(n.text + ';')
            self.cur = {}
        elif r < 0.8:
            self.jump_stmt(allow_if=False)
        elif r < 0.9:
            self.ret_stmt(allow_if=False)
        else:
            self.if_stmt(no_else=True)
        self.depth -= 1
        self.ind -= 1

    def if_stmt(self, no_else=False):
        c = self.cond()
        self.emit('if (%s)' % c.text)
        if no_else or self.rng.random() < 0.45:
            self.sub_stmt()
            return
        # with an else: the then-branch must be a block (no dangling else)
        self.sub_stmt(braced=True)
        if self.rng.random() < 0.25 and self.depth < 4:
            # else-if chain: the else branch is an if statement of its own
            self.emit('else')
            self.ind += 1
            self.depth += 1
            self.if_stmt()
            self.depth -= 1
            self.ind -= 1
        else:
            self.emit('else')
            self.sub_stmt()

    def trips(self):
        hi = max(1, MAX_MULT // self.mult)
        if hi <= 1:
            return None
        t = self.rng.randrange(1, min(hi, 8) + 1)
        if self.rng.random() < 0.05:
            t = 0
        return t

    def counter_var(self):
        """existing variable to use as a loop counter, or None"""
        cands = [v for v in self.writable(frozenset())
                 if v.kind in ('local', 'param') and v.id not in self.cur]
        if cands and self.rng.random() < 0.5:
            return self.rng.choice(cands)
        return None

    def loop_body(self, t, counter, body):
        """runs `body` as the body of a loop of `t` trips stepping `counter`:
        the counter is read-only inside it, and break/continue are allowed"""
        self.locked.add(counter.id)
        old_mult = self.mult
        self.mult *= max(1, t)
        self.loops += 1
        self.breakable += 1
        body()
        self.loops -= 1
        self.breakable -= 1
        self.mult = old_mult
        self.locked.discard(counter.id)

    def for_stmt(self):
        t = self.trips()
        if t is None:
            return self.if_stmt()
        rng = self.rng
        cv = self.counter_var()
        down = rng.random() < 0.3
        step = 1 if rng.random() < 0.8 else 2
        inc = rng.choice(['%s++', '++%s', '%s += 1', '%s = %s + 1'])
        dec = rng.choice(['%s--', '--%s', '%s -= 1', '%s = %s - 1'])
        self.push()
        if cv is None:
            cv = self.g.new_var(self.fresh_name(), 'u', 'counter')
            decl = 'int '
        else:
            decl = ''
        n = cv.name
        if not down:
            init, end = 0, t * step
            cond = rng.choice(['%s < %d' % (n, end), '%s <= %d' % (n, end - 1)]) if step == 1 \
                else '%s < %d' % (n, end)
            upd = (inc.replace('%s', n) if step == 1 else '%s += 2' % n)
        else:
            init = t * step
            cond = rng.choice(['%s > 0' % n, '%s >= 1' % n]) if step == 1 else '%s > 0' % n
            upd = (dec.replace('%s', n) if step == 1 else '%s -= 2' % n)
        if decl:
            self.declare(cv)
        self.cur.pop(cv.id, None)
        self.locked.add(cv.id)     # already for the header's extra condition
        if rng.random() < 0.2:
            extra = self.cond(1)
            cond = '%s && %s' % (cond, paren(extra, BINPREC['&&'] + 1))
        self.emit('for (%s%s = %d; %s; %s)' % (decl, n, init, cond, upd))
        self.loop_body(t, cv, self.sub_stmt)
        self.pop()

    def counted_loop_start(self):
        """A counter for a while/do loop, reset to 0: a free one, or a new
        one declared in a block opened around the loop. Returns (counter,
        whether a block was opened)."""
        cv = self.counter_var()
        wrapped = cv is None
        if wrapped:
            self.open_block()
            cv = self.g.new_var(self.fresh_name(), 'u', 'counter')
            self.emit('int %s = 0;' % cv.name)
            self.declare(cv)
        else:
            self.emit('%s = 0;' % cv.name)
        return cv, wrapped

    def counted_loop_end(self, wrapped):
        if wrapped:
            self.close_block()

    def loop_block(self, first):
        """the body of a while/do loop: a block starting with `first`, if any"""
        return lambda: self.block(self.rng.randrange(1, 5), extra_first=first)

    def step_statement(self, n):
        """A statement that adds 1 to counter `n`, in one of its spellings."""
        return lambda: self.emit(self.rng.choice(['%s++;', '++%s;', '%s = %s + 1;', '%s += 1;']).replace('%s', n))

    def while_stmt(self):
        t = self.trips()
        if t is None:
            return self.if_stmt()
        rng = self.rng
        cv, wrapped = self.counted_loop_start()
        n = cv.name
        form = rng.randrange(3)
        if form == 0:
            self.emit('while (%s++ < %d)' % (n, t))
            first = None
        elif form == 1:
            self.emit('while ((%s += 1) <= %d)' % (n, t))
            first = None
        else:
            self.emit('while (%s < %d)' % (n, t))
            first = self.step_statement(n)
        self.loop_body(t, cv, self.loop_block(first))
        self.counted_loop_end(wrapped)

    def do_stmt(self):
        t = self.trips()
        if t is None:
            return self.if_stmt()
        t = max(t, 1)
        cv, wrapped = self.counted_loop_start()
        n = cv.name
        self.emit('do')
        self.loop_body(t, cv, self.loop_block(self.step_statement(n)))
        self.out[-1] += ' while (%s < %d);' % (n, t)
        self.counted_loop_end(wrapped)

    def switch_stmt(self):
        rng = self.rng
        c = self.cond(2)
        k = rng.choice([4, 8, 16])
        c = self.fit(c, 'u')
        if rng.random() < 0.5:
            c = self.binconst(c, '&', k - 1)
        else:
            c = self.binconst(c, '%', k)
        self.emit('switch (%s) {' % c.text)
        vals = rng.sample(range(k + 2), rng.randrange(1, min(6, k) + 1))
        items = [str(v) for v in vals]
        if rng.random() < 0.6:
            items.insert(rng.randrange(len(items) + 1), None)
        self.breakable += 1
        self.push()
        for it in items:
            self.normalize()
            self.emit('case %s:' % it if it is not None else 'default:')
            self.ind += 1
            for _ in range(rng.randrange(1, 3)):
                if rng.random() < 0.25:
                    self.normalize()
                    self.block(rng.randrange(1, 3))
                    self.cur = {}
                else:
                    self.stmt(allow_decl=False)
            if rng.random() < 0.75:
                self.normalize()
                self.emit('break;')
            self.ind -= 1
        self.normalize()
        self.pop()
        self.breakable -= 1
        self.close_brace()

    def goto_label(self):
        if self.pending and self.rng.random() < 0.6:
            return self.rng.choice(self.pending)
        r = self.rng.random()
        name = None
        if r < 0.3:
            cand = self.rng.choice(LOCAL_NAMES)
            if cand not in self.labels_used:
                name = cand
        if name is None:
            self.g.uniq += 1
            name = 'L%d' % self.g.uniq
        self.labels_used.add(name)
        self.pending.append(name)
        return name

    def rare_cond(self):
        """a condition that is usually false (for early exits, so that most code runs)"""
        c = self.cond()
        if self.rng.random() < 0.7:
            c = self.bin(self.rng.choice(['==', '==', '>']), c, self.const(self.rng.randrange(3, 12)), 0, 1)
        return c

    def jump_stmt(self, allow_if=True):
        opts = ['goto']
        if self.loops:
            opts += ['continue', 'break']
        if self.breakable:
            opts.append('break')
        kind = self.rng.choice(opts)
        if kind == 'goto':
            text = 'goto %s;' % self.goto_label()
        else:
            text = kind + ';'
        if allow_if:
            c = self.rare_cond()
            self.emit('if (%s)' % c.text)
            self.ind += 1
            self.emit(text)
            self.ind -= 1
        else:
            self.emit(text)

    def ret_stmt(self, allow_if=True):
        if allow_if:
            c = self.rare_cond()
            self.emit('if (%s)' % c.text)
            self.ind += 1
        with self.safe_mode():
            e = self.fit(self.full_expr(self.rng.randrange(0, 4)), 's')
        self.emit('return %s;' % e.text)
        if allow_if:
            self.ind -= 1

    # -------------------------------------------------------------- function
    def body(self, nstmts):
        for _ in range(self.rng.randrange(0, 5)):
            self.decl()
        for _ in range(nstmts):
            if self.pending and self.rng.random() < 0.15:
                self.place_label()
            self.stmt(allow_decl=False, top=True)
        while self.pending:
            self.place_label()
        self.normalize()
        e = self.fit(self.full_expr(self.rng.randrange(1, 4)), 's')
        self.emit('return %s;' % e.text)

    def place_label(self):
        self.normalize()
        self.cur = {}
        name = self.pending.pop(self.rng.randrange(len(self.pending)))
        self.ind -= 1
        self.emit('%s:' % name)
        self.ind += 1


class Gen:
    def __init__(self, seed, lines, do_print):
        self.rng = random.Random(seed)
        self.target = lines
        self.do_print = do_print
        self.vars = {}
        self.stateful = set()      # ids of globals and static locals
        self.globals_list = []
        self.funcs = []
        self.uniq = 0
        self.out = []

    def new_var(self, name, cls, kind):
        vid = len(self.vars)
        v = Var(vid, name, cls, kind)
        self.vars[vid] = v
        if kind in ('global', 'static_global', 'static'):
            self.stateful.add(vid)
        return v

    def new_global(self):
        rng = self.rng
        name = 'g%d' % len(self.globals_list)
        static = rng.random() < 0.35
        v = self.new_var(name, rng.choice('us'), 'static_global' if static else 'global')
        pre = 'static ' if static else ''
        r = rng.random()
        if not static and r < 0.1:
            self.out.append('extern int %s;' % name)
        if r < 0.6:
            self.out.append('%sint %s = %d;' % (pre, name, rng.randrange(0, 1000)))
        else:
            self.out.append('%sint %s;' % (pre, name))
        self.globals_list.append(v)

    def new_func(self):
        rng = self.rng
        name = 'f%d' % len(self.funcs)
        nparams = min(8, int(rng.expovariate(1 / 2.5)))
        pnames = []
        while len(pnames) < nparams:
            n = rng.choice(LOCAL_NAMES) if rng.random() < 0.8 else 'p%d' % len(pnames)
            if n not in pnames:
                pnames.append(n)
        pcls = [rng.choice('us') for _ in pnames]
        fg = FuncGen(self, list(zip(pnames, pcls)))
        fg.body(rng.randrange(3, 16))
        f = Func(name, pcls)
        f.R, f.W = fg.fR, fg.fW
        f.cost = fg.cost + 1
        sig = ', '.join('int ' + p for p in pnames) or 'void'
        if rng.random() < 0.1:
            # (Part I requires parameter names in declarations too)
            alt = ', '.join('int q%d' % i for i in range(nparams)) or 'void'
            self.out.append('int %s(%s);' % (name, alt))
        self.out.append('int %s(%s) {' % (name, sig))
        self.out.extend(fg.out)
        self.out.append('}')
        self.out.append('')
        self.funcs.append(f)

    def main(self):
        rng = self.rng
        fg = FuncGen(self, [], is_main=True)
        fg.mode = 'safe'
        ck = fg.g.new_var('checksum', 's', 'local')
        fg.emit('int checksum = 0;')
        fg.declare(ck)
        for f in self.funcs:
            if rng.random() < 0.1:
                continue
            # checksum stays within [-1000002, 1048575] (see the mixes below)
            fg.cur = {ck.id: (-1000003, 1048575)}
            c = fg.call(2, frozenset(), frozenset([ck.id]), f)
            mix = rng.randrange(3)
            if mix == 0:
                fg.emit('checksum = (checksum * 31 + %s) & 1048575;' % c.text)
            elif mix == 1:
                fg.emit('checksum = (checksum ^ %s) * 3 %% 1000003;' % paren(c, BINPREC['^'] + 1))
            else:
                fg.emit('checksum += %s;' % c.text)
                fg.emit('checksum &= 1048575;')
            if self.do_print:
                fg.emit('print_num(checksum);')
        for gv in self.globals_list:
            if rng.random() < 0.5:
                fg.emit('checksum = (checksum * 7 + %s) & 1048575;' % gv.name)
        if self.do_print:
            fg.emit('print_num(checksum);')
        fg.emit('return checksum & 255;')
        self.out.append('int main(void) {')
        self.out.extend(fg.out)
        self.out.append('}')

    def run(self):
        self.out.append('/* generated by tools/gen-program.py: Writing a C Compiler Part I subset */')
        if self.do_print:
            self.out += [
                'int putchar(int c);',
                'int print_num(int n) {',
                '    int d = 1000000;',
                '    if (n < 0) {',
                '        putchar(45);',
                '        n = -n;',
                '    }',
                '    while (d > 0) {',
                '        putchar(48 + n / d % 10);',
                '        d = d / 10;',
                '    }',
                '    putchar(10);',
                '    return 0;',
                '}',
                '']
        # (the --print helper does not count, so --print does not change the program)
        extra = len(self.out) - 1
        while len(self.out) - extra + len(self.funcs) + len(self.globals_list) // 2 + 8 < self.target:
            if self.rng.random() < 0.3 or not self.globals_list:
                for _ in range(self.rng.randrange(1, 4)):
                    self.new_global()
            self.new_func()
        self.main()
        return '\n'.join(self.out) + '\n'


# ============================================================================
# --types: the Part II subset
# ============================================================================
#
# The same approach as above, with types: every expression is built with its
# C type and an interval bounding its value (for doubles, a float interval),
# and every object of arithmetic type (variable, parameter, member, array
# element, return value) always holds a value inside the invariant range of its
# type (T_INV, D_INV).  Signed operations are only generated when the interval
# of the exact result fits the type; unsigned ones may wrap; conversions to
# narrower signed types are implementation-defined (modulo, as gcc and mcc do),
# never undefined; doubles stay finite and far from the limits, are only divided
# by values of magnitude >= 1/4 and only converted to integer types whose range
# holds them.  Shift counts are below the width of the promoted left operand and
# only non-negative values are shifted left in signed types.
#
# Pointers carry a PI: the indices that may be read and written relative to
# them, whether a NUL that is never written follows (C strings), what they may
# point into (for the function's side effects) and how deep in the scopes of the
# function the objects they point to live (a pointer is never stored where it
# could outlive its target).  Every pointer object has such an invariant, and
# only values that satisfy it are stored into it.  Char arrays (outside unions)
# keep a NUL in their last element.  Unions are initialised through a first
# member that covers all their bytes; their integer members are read as any
# value of their type, their double members are only written, never read, and
# no pointer into a union is formed.  Only objects without padding or pointers
# are hashed byte by byte.  Every object is initialised when it is defined (or
# by calloc, or by a loop after malloc); every malloc'ed block is freed at the
# end of the block that allocated it (there are no jumps out of such blocks).
#
# Side effects: assignments, ++ and -- are always the root of an expression
# statement (apart from fixed idioms such as `while ((c = *q++) != 0)`, on
# distinct objects).  Inside expressions only "pure" functions are called: functions that
# write no global or static object and nothing through their pointer parameters;
# the others are called only as a statement `f(...);` or `x = f(...);`, with x an
# object that the call does not write.  So the order of evaluation never
# matters.  Loops run a small number of times (counters are read-only in the
# body), functions only call functions defined before them, and an estimate of
# the executed statements bounds the run time, as in Part I.

class Ty:
    """A C type. k: 'i' integer, 'd' double, 'v' void, 'p' pointer (to), 'a' array
    (to, n), 's' struct, 'u' union (members, mpi: invariants of pointer members).
    key: a unique spelling."""
    __slots__ = ('k', 'key', 'size', 'align', 'signed', 'lo', 'hi', 'rank', 'to', 'n',
                 'members', 'mpi', 'padded', 'hasptr', 'cstrm')

    def __init__(self, k, key, size=1, align=1):
        self.k, self.key, self.size, self.align = k, key, size, align
        self.signed, self.lo, self.hi, self.rank = False, 0, 0, 0
        self.to, self.n = None, 0
        self.members, self.mpi = [], {}
        self.padded = self.hasptr = False
        self.cstrm = False


def _ity(key, size, signed, rank):
    t = Ty('i', key, size, size)
    t.signed, t.rank = signed, rank
    b = 8 * size
    t.lo, t.hi = ((-(1 << (b - 1)), (1 << (b - 1)) - 1) if signed else (0, (1 << b) - 1))
    return t


T_CHAR = _ity('char', 1, True, 1)
T_SCHAR = _ity('signed char', 1, True, 1)
T_UCHAR = _ity('unsigned char', 1, False, 1)
T_INT = _ity('int', 4, True, 2)
T_UINT = _ity('unsigned int', 4, False, 2)
T_LONG = _ity('long', 8, True, 3)
T_ULONG = _ity('unsigned long', 8, False, 3)
T_DBL = Ty('d', 'double', 8, 8)
T_VOID = Ty('v', 'void')
CHAR_TYS = (T_CHAR, T_SCHAR, T_UCHAR)
INT_TYS = (T_CHAR, T_SCHAR, T_UCHAR, T_INT, T_UINT, T_LONG, T_ULONG)
SCALAR_W = [(T_INT, 24), (T_UINT, 10), (T_LONG, 12), (T_ULONG, 9), (T_CHAR, 5),
            (T_SCHAR, 2), (T_UCHAR, 6), (T_DBL, 10)]
T_INV = {'char': (-128, 127), 'signed char': (-128, 127), 'unsigned char': (0, 255),
         'int': (-(1 << 20), (1 << 20) - 1), 'unsigned int': (0, (1 << 32) - 1),
         'long': (-(1 << 40), (1 << 40) - 1), 'unsigned long': (0, (1 << 64) - 1)}
D_INV = float(1 << 20)      # |a stored double| <= D_INV
D_LIM = float(1 << 50)      # |any double (sub)expression| <= D_LIM
MAXSTR = 32                 # no char array or string literal is longer
T_BUDGET = 3000             # estimated executed statements per function
T_MAX_MULT = 64             # max product of enclosing loop trip counts
ALT_SPELL = {'unsigned int': ['unsigned', 'unsigned int'], 'long': ['long int', 'signed long'],
             'unsigned long': ['unsigned long int', 'long unsigned'], 'int': ['signed int', 'signed']}
WORDS = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma', 'kappa', 'lambda', 'zeta',
         'north', 'south', 'east', 'west', 'red', 'green', 'blue', 'cyan', 'apple', 'pear',
         'plum', 'fig', 'lime', 'hello', 'world', 'foo', 'bar', 'baz', 'qux', 'quux', 'x', 'yz',
         'a b c', 'tab\tsep', 'line\n', 'q"uote', 'back\\slash', 'it\'s', '%d %s', '0123456789',
         'The quick brown fox', 'jumps over', 'the lazy dog', '']
MEMBER_NAMES = ['a', 'b', 'c', 'x', 'y', 'z', 'id', 'len', 'cnt', 'val', 'key', 'flags', 'lo', 'hi',
                'sum', 'w', 'h', 'tag', 'pos', 'top', 'next_id', 'kind', 'mode', 'acc', 'data',
                'name', 'bits', 'vals', 'buf', 'in', 'out', 'pt', 'left', 'right']
PARAM_NAMES = ['a', 'b', 'c', 'n', 'm', 'k', 'x', 'y', 'v', 'p', 'q', 's', 'u', 'w', 'len', 'cnt',
               'buf', 'src', 'dst', 'out', 'str', 'vec', 'arr', 'tab', 'pt', 'rec', 'key', 'lim']
T_LOCAL_NAMES = LOCAL_NAMES + ['p', 'q', 'ptr', 'cur', 'buf', 'str', 'vec', 'arr', 'tab', 'rec',
                               'pt', 'node', 'box', 'bits', 'word', 'ch', 'uc', 'lv', 'ul', 'dv']

_TYCACHE = {}


def ptr_to(t):
    key = t.key + '*'
    p = _TYCACHE.get(key)
    if p is None:
        p = _TYCACHE[key] = Ty('p', key, 8, 8)
        p.to, p.hasptr = t, True
    return p


def array_of(t, n):
    key = '%s[%d]' % (t.key, n)
    a = _TYCACHE.get(key)
    if a is None:
        a = _TYCACHE[key] = Ty('a', key, t.size * n, t.align)
        a.to, a.n, a.padded, a.hasptr = t, n, t.padded, t.hasptr
    return a


def int_ish(t):
    return t.k == 'i' or (t.k == 'a' and int_ish(t.to))


def scalar_of(t):
    while t.k == 'a':
        t = t.to
    return t


def t_base(t, rng):
    alts = ALT_SPELL.get(t.key)
    if alts and rng.random() < 0.15:
        return rng.choice(alts)
    return t.key


def t_decl(t, d, rng):
    """declaration of d (a name, or '' for a type name) with type t"""
    while True:
        if t.k == 'p':
            d = '*' + d
            t = t.to
            if t.k == 'a':
                d = '(' + d + ')'
        elif t.k == 'a':
            d = '%s[%d]' % (d, t.n)
            t = t.to
        else:
            b = t_base(t, rng)
            return b + ' ' + d if d else b


def t_name(t, rng):
    return t_decl(t, '', rng)


def conv_iv(lo, hi, t):
    """the interval of values in [lo, hi] converted to integer type t (modulo 2^N)"""
    if t.lo <= lo and hi <= t.hi:
        return lo, hi
    m = 1 << (8 * t.size)
    if hi - lo >= m:
        return t.lo, t.hi
    a = (lo - t.lo) % m + t.lo
    b = (hi - t.lo) % m + t.lo
    return (a, b) if a <= b else (t.lo, t.hi)


def promote(t):
    return T_INT if t.k == 'i' and t.rank < 2 else t


def arith_ty(a, b):
    """the usual arithmetic conversions"""
    if a.k == 'd' or b.k == 'd':
        return T_DBL
    a, b = promote(a), promote(b)
    if a is b:
        return a
    if a.signed == b.signed:
        return a if a.rank > b.rank else b
    u, s = (b, a) if a.signed else (a, b)
    return u if u.rank >= s.rank else s


def int_binop(op, a, b):
    """(type, lo, hi) of the integer operation a op b, or None if it could be undefined"""
    if op in ('<<', '>>'):
        R = promote(a.ty)
        if b.lo < 0 or b.hi >= 8 * R.size:
            return None
        if op == '<<':
            if R.signed:
                if a.lo < 0 or (a.hi << b.hi) > R.hi:
                    return None
                return R, a.lo << b.lo, a.hi << b.hi
            lo, hi = conv_iv(a.lo, a.hi, R)
            if (hi << b.hi) > R.hi:
                return R, 0, R.hi
            return R, lo << b.lo, hi << b.hi
        lo, hi = conv_iv(a.lo, a.hi, R)
        return R, min(lo >> b.lo, lo >> b.hi), max(hi >> b.lo, hi >> b.hi)
    if op in ('<', '<=', '>', '>=', '==', '!=', '&&', '||'):
        return T_INT, 0, 1
    R = arith_ty(a.ty, b.ty)
    alo, ahi = conv_iv(a.lo, a.hi, R)
    blo, bhi = conv_iv(b.lo, b.hi, R)
    if op in ('+', '-', '*'):
        if op == '+':
            lo, hi = alo + blo, ahi + bhi
        elif op == '-':
            lo, hi = alo - bhi, ahi - blo
        else:
            ps = (alo * blo, alo * bhi, ahi * blo, ahi * bhi)
            lo, hi = min(ps), max(ps)
        if R.signed:
            if lo < R.lo or hi > R.hi:
                return None
            return R, lo, hi
        lo, hi = conv_iv(lo, hi, R)
        return R, lo, hi
    if op in ('/', '%'):
        if blo <= 0 <= bhi:
            return None
        if R.signed and alo == R.lo and blo <= -1 <= bhi:
            return None
        A = max(abs(alo), abs(ahi))
        mb = min(abs(blo), abs(bhi))
        if op == '/':
            if alo >= 0 and blo > 0:
                return R, alo // bhi, ahi // blo
            q = A // mb
            if alo >= 0 and bhi < 0:
                return R, -q, 0
            if ahi <= 0 and blo > 0:
                return R, -q, 0
            return R, -q, q
        if alo >= 0 and blo > 0 and ahi < blo:
            return R, alo, ahi
        bnd = min(A, max(abs(blo), abs(bhi)) - 1)
        return R, (0 if alo >= 0 else -bnd), (0 if ahi <= 0 else bnd)
    # & | ^
    if R.signed:
        lo, hi = bitop_interval(op, (alo, ahi), (blo, bhi))
        return R, lo, hi
    if op == '&':
        return R, 0, min(ahi, bhi)
    top = (1 << max(ahi, bhi).bit_length()) - 1
    return R, (max(alo, blo) if op == '|' else 0), top


def widen(lo, hi):
    e = 1e-9 * max(1.0, abs(lo), abs(hi))
    return lo - e, hi + e


def dbl_iv(op, a, b):
    (alo, ahi), (blo, bhi) = a, b
    if op == '+':
        lo, hi = alo + blo, ahi + bhi
    elif op == '-':
        lo, hi = alo - bhi, ahi - blo
    elif op == '*':
        ps = (alo * blo, alo * bhi, ahi * blo, ahi * bhi)
        lo, hi = min(ps), max(ps)
    else:
        if not (blo >= 0.25 or bhi <= -0.25):
            return None
        ps = (alo / blo, alo / bhi, ahi / blo, ahi / bhi)
        lo, hi = min(ps), max(ps)
    lo, hi = widen(lo, hi)
    if max(abs(lo), abs(hi)) > D_LIM:
        return None
    return lo, hi


def c_string(s):
    out = []
    for ch in s:
        if ch == '\n':
            out.append('\\n')
        elif ch == '\t':
            out.append('\\t')
        elif ch == '\\':
            out.append('\\\\')
        elif ch == '"':
            out.append('\\"')
        else:
            out.append(ch)
    return '"' + ''.join(out) + '"'


def literal_type(v, hexa, suffix):
    s = suffix.lower()
    if 'u' in s and 'l' in s:
        cands = [T_ULONG]
    elif 'u' in s:
        cands = [T_UINT, T_ULONG]
    elif 'l' in s:
        cands = [T_LONG, T_ULONG] if hexa else [T_LONG]
    else:
        cands = [T_INT, T_UINT, T_LONG, T_ULONG] if hexa else [T_INT, T_LONG]
    for t in cands:
        if v <= t.hi:
            return t
    raise AssertionError(v)


class PI:
    """What a pointer value may do: read indices rlo..rhi and write wlo..whi relative
    to it (nothing when lo > hi); cstr: the object ends, at or after index rhi, with
    a NUL that is never written; bases: what it may point into (object ids, 'P<i>':
    what parameter i points to, 'lit': string literals, 'H<n>': a heap block);
    depth: scope level of the innermost local object it may point into (0: static
    storage or the caller's objects)."""
    __slots__ = ('rlo', 'rhi', 'wlo', 'whi', 'cstr', 'bases', 'depth')

    def __init__(self, rlo, rhi, wlo, whi, cstr, bases, depth):
        self.rlo, self.rhi, self.wlo, self.whi = rlo, rhi, wlo, whi
        self.cstr, self.bases, self.depth = cstr, bases, depth

    def shift(self, k):
        return PI(self.rlo - k, self.rhi - k, self.wlo - k, self.whi - k,
                  self.cstr and k <= self.rhi, self.bases, self.depth)

    def writable(self):
        return self.wlo <= self.whi

    def meets(self, req):
        if self.rlo > req.rlo or self.rhi < req.rhi:
            return False
        if req.wlo <= req.whi and (self.wlo > req.wlo or self.whi < req.whi):
            return False
        return self.cstr or not req.cstr


def req_pi(k, writes, cstr=False):
    """what a parameter with k readable elements needs"""
    return PI(0, k - 1, 0, (k - 2 if cstr else k - 1) if writes else -1, cstr, None, 0)


class TN:
    """an expression: text, precedence, type, value interval, pointer info"""
    __slots__ = ('text', 'prec', 'ty', 'lo', 'hi', 'pi')

    def __init__(self, text, prec, ty, lo=0, hi=0, pi=None):
        self.text, self.prec, self.ty, self.lo, self.hi, self.pi = text, prec, ty, lo, hi, pi


def dval(n):
    if n.ty.k == 'd':
        return n.lo, n.hi
    return widen(float(n.lo), float(n.hi))


class TObj:
    __slots__ = ('id', 'name', 'ty', 'kind', 'pi', 'depth', 'stateful', 'addr', 'fixed')

    def __init__(self, oid, name, ty, kind, depth, pi=None):
        self.id, self.name, self.ty, self.kind, self.depth, self.pi = oid, name, ty, kind, depth, pi
        self.stateful = kind in ('global', 'static_global', 'static')
        self.addr = False
        self.fixed = False


class TFunc:
    __slots__ = ('name', 'ret', 'params', 'W', 'wp', 'cost', 'retkind', 'retpi', 'pure')

    def __init__(self, name, ret, params, retkind='val', retpi=None):
        self.name, self.ret, self.params = name, ret, params
        self.retkind, self.retpi = retkind, retpi
        self.W, self.wp, self.cost, self.pure = set(), set(), 1, True


class Acc:
    """an object reached from a named object by members, indices, dereferences"""
    __slots__ = ('text', 'prec', 'ty', 'pi', 'obj', 'bases', 'depth', 'wok', 'exact', 'nocstr')

    def __init__(self, text, prec, ty, pi, obj, bases, depth, wok, exact, nocstr):
        self.text, self.prec, self.ty, self.pi, self.obj = text, prec, ty, pi, obj
        self.bases, self.depth, self.wok, self.exact, self.nocstr = bases, depth, wok, exact, nocstr


def leaf_count(ty):
    if ty.k == 'a':
        return ty.n * leaf_count(ty.to)
    if ty.k == 's':
        return sum(leaf_count(mt) for _, mt in ty.members)
    return 1


def t_match(ty, want):
    if want == 'i':
        return ty.k == 'i'
    if want == 'd':
        return ty.k == 'd'
    w, key = want
    if w == 'p':
        return ty.k == 'p' and ty.to.key == key
    if w == 'o':
        return ty.key == key
    return ty.k == 'a' and ty.to.key == key


_REACH = {}


def union_members(ty, want, write):
    """members of a union a walk may enter: only the integer ones, unless a
    double is stored"""
    if write and want == 'd':
        return ty.members
    return [m for m in ty.members if int_ish(m[1])]


def t_reach(ty, want, write):
    """can a walk from an object of type ty reach what `want` describes?"""
    k = (ty.key, want, write)
    r = _REACH.get(k)
    if r is None:
        if t_match(ty, want):
            r = True
        elif ty.k == 'a':
            r = t_reach(ty.to, want, write)
        elif ty.k == 's':
            r = any(t_reach(mt, want, write) for _, mt in ty.members)
        elif ty.k == 'u':
            # (no pointers into unions: their members hold any value of their type)
            r = (want in ('i', 'd') and
                 any(t_reach(mt, want, write) for _, mt in union_members(ty, want, write)))
        elif ty.k == 'p':
            r = ty.to.k not in 'vp' and t_reach(ty.to, want, write)
        else:
            r = False
        _REACH[k] = r
    return r


def neg_text(n):
    t = paren(n, P_UNARY)
    return '-(' + t + ')' if t.startswith('-') else '-' + t


def paren_t(text, prec, need):
    return text if prec >= need else '(' + text + ')'


class TFG:
    """Generates one function body (Part II)."""

    def __init__(self, g, params, is_main=False, fname=''):
        self.g = g
        self.rng = g.rng
        self.out = []
        self.ind = 1
        gl = g.globals
        ws = gl[-12:] + [g.rng.choice(gl) for _ in range(8 if gl else 0)]
        self.scopes = [{o.name: o for o in ws}, {}]
        self._vis = None
        self._cache = {}
        self.locked = set()
        self.civ = {}              # counter id -> (obj, lo, hi) inside loop bodies
        self.extra = []            # extra integer leaves: (TN, [(name, object it must denote)])
        self.cost = 0
        self.mult = 1
        self.loops = 0
        self.breakable = 0
        self.depth = 0
        self.nojump = 0
        self.in_index = 0
        self.pending = []
        self.labels_used = set()
        self.W, self.wp = set(), set()
        self.is_main = is_main
        self.fname = fname
        self.func = None
        self.hide = None           # the name being declared (its initialiser must not use it)
        self.single = False        # generating the single statement of an if/else/loop
        self.reserved = set()      # names an idiom needs to stay visible
        self.init_const = 0.5
        self.params = []
        for i, (name, ty, req) in enumerate(params):
            pi = None
            if req is not None:
                pi = PI(req.rlo, req.rhi, req.wlo, req.whi, req.cstr, frozenset(['P%d' % i]), 0)
            o = g.new_obj(name, ty, 'param', 1, pi)
            self.scopes[1][name] = o
            self.params.append(o)

    # ----------------------------------------------------------- scopes
    def visible(self):
        if self._vis is None:
            seen, vis = set([self.hide]), []
            for sc in reversed(self.scopes):
                for name, o in sc.items():
                    if name not in seen:
                        seen.add(name)
                        vis.append(o)
            self._vis = vis
        return self._vis

    def lookup(self, name):
        if name == self.hide:
            return None
        for sc in reversed(self.scopes):
            o = sc.get(name)
            if o is not None:
                return o
        return None

    def changed(self):
        self._vis = None
        self._cache = {}

    def push(self):
        self.scopes.append({})
        self.changed()

    def pop(self):
        self.scopes.pop()
        self.changed()

    def declare(self, o):
        self.scopes[-1][o.name] = o
        self.changed()

    def level(self):
        return len(self.scopes) - 1

    def lock(self, o):
        self.locked.add(o.id)
        self._cache = {}

    def unlock(self, o):
        self.locked.discard(o.id)
        self._cache = {}

    def fresh_name(self):
        inner = self.scopes[-1]
        for _ in range(20):
            r = self.rng.random()
            if r < 0.1 and self.g.globals:
                name = self.rng.choice(self.g.globals).name
            elif r < 0.75:
                name = self.rng.choice(T_LOCAL_NAMES)
            else:
                name = '%s%d' % (self.rng.choice(T_LOCAL_NAMES), self.rng.randrange(10))
            if name not in inner and name not in self.labels_used and name not in self.reserved:
                return name
        self.g.uniq += 1
        return 'loc%d' % self.g.uniq

    def cands(self, want, write):
        key = (want, write)
        c = self._cache.get(key)
        if c is None:
            c = []
            for o in self.visible():
                if not t_reach(o.ty, want, write):
                    continue
                if write and (o.id in self.locked or o.fixed) and o.ty.k != 'p':
                    continue
                c.append(o)
            self._cache[key] = c
        return c

    # ----------------------------------------------------------- output
    def emit(self, text):
        self.out.append('    ' * self.ind + text)
        self.cost += self.mult

    def close_brace(self, tail=''):
        self.out.append('    ' * self.ind + '}' + tail)

    def open_block(self):
        self.emit('{')
        self.ind += 1
        self.push()

    def close_block(self):
        self.pop()
        self.ind -= 1
        self.close_brace()

    # ----------------------------------------------------------- effects
    def note_bases(self, bases):
        for b in bases:
            if isinstance(b, int):
                if b in self.g.stateful:
                    self.W.add(b)
            elif b[0] == 'P':
                self.wp.add(int(b[1:]))

    def note_write(self, a):
        if a.bases is None:
            if a.obj.stateful:
                self.W.add(a.obj.id)
        else:
            self.note_bases(a.bases)

    def call_effects(self, f, args):
        """everything a call may write: global/static ids, local ids, 'P<i>'"""
        eff = set(f.W)
        for i in f.wp:
            eff |= args[i].pi.bases
        return eff

    def note_call(self, f, args):
        self.W |= f.W
        for i in f.wp:
            self.note_bases(args[i].pi.bases)

    # ----------------------------------------------------------- walks
    def walk(self, o, want, write, const_idx=False):
        """a random path from object o to something `want` describes: members,
        indices, dereferences; None if the one tried is not possible"""
        rng = self.rng
        ty, text, prec, pi = o.ty, o.name, P_POSTFIX, o.pi
        dpi, arrow, exact, nocstr, wok = None, None, True, False, True
        for _ in range(16):
            if t_match(ty, want):
                break
            k = ty.k
            if k == 'a':
                cs = ty.to in CHAR_TYS and not nocstr
                hi = ty.n - 2 if (write and cs) else ty.n - 1
                if hi < 0:
                    return None
                i = self.index(0, hi, const_idx)
                if i.lo != i.hi:
                    exact = False
                if cs and i.hi == ty.n - 1:
                    wok = False
                text, prec = paren_t(text, prec, P_POSTFIX) + '[' + i.text + ']', P_POSTFIX
                arrow = None
                ty = ty.to
            elif k in 'su':
                if k == 'u' and want not in ('i', 'd'):
                    return None
                ms = union_members(ty, want, write) if k == 'u' else ty.members
                ms = [m for m in ms if t_reach(m[1], want, write)]
                if not ms:
                    return None
                name, mty = rng.choice(ms)
                if arrow is not None and rng.random() < 0.75:
                    text = arrow + '->' + name
                else:
                    text = paren_t(text, prec, P_POSTFIX) + '.' + name
                prec, arrow = P_POSTFIX, None
                if k == 'u':
                    nocstr = True
                if mty.k == 'p':
                    pi = ty.mpi[name]
                ty = mty
            elif k == 'p':
                if pi is None:
                    return None
                lo, hi = (pi.wlo, pi.whi) if write else (pi.rlo, pi.rhi)
                if lo > hi:
                    return None
                i = self.index(lo, hi, const_idx)
                if i.lo != i.hi:
                    exact = False
                wok = wok and pi.wlo <= i.lo and i.hi <= pi.whi
                ptext = paren_t(text, prec, P_POSTFIX)
                r = rng.random()
                if i.lo == i.hi == 0 and r < 0.6:
                    arrow = ptext
                    text, prec = '*' + paren_t(text, prec, P_UNARY), P_UNARY
                elif i.lo == i.hi and r < 0.75:
                    c = i.lo
                    s = '%s %s %d' % (paren_t(text, prec, BINPREC['+']), '+' if c >= 0 else '-', abs(c))
                    arrow = '(' + s + ')'
                    text, prec = '*(' + s + ')', P_UNARY
                else:
                    arrow = None
                    text, prec = ptext + '[' + i.text + ']', P_POSTFIX
                dpi, pi, nocstr = pi, None, False
                ty = ty.to
            else:
                return None
        else:
            return None
        if not t_match(ty, want):
            return None
        if dpi is None:
            if o.id in self.locked or o.fixed:
                wok = False
            depth = 0 if o.stateful else o.depth
            bases = None
        else:
            depth, bases = dpi.depth, dpi.bases
        if write and not wok:
            return None
        return Acc(text, prec, ty, pi, o, bases, depth, wok, exact, nocstr)

    def pick(self, want, write, tries=4, const_idx=False, pred=None):
        cs = self.cands(want, write)
        if not cs:
            return None
        for _ in range(tries):
            o = self.rng.choice(cs)
            if pred is not None and not pred(o):
                continue
            a = self.walk(o, want, write, const_idx)
            if a is not None:
                return a
        return None

    def acc_bases(self, a):
        return a.bases if a.bases is not None else frozenset([a.obj.id])

    def acc_iv(self, a):
        if a.ty.k == 'd':
            return -D_INV, D_INV
        if a.bases is None and a.text == a.obj.name and a.obj.id in self.civ:
            _, lo, hi = self.civ[a.obj.id]
            return lo, hi
        if a.nocstr:      # a member of a union: any value of its type
            return a.ty.lo, a.ty.hi
        return T_INV[a.ty.key]

    def acc_node(self, a):
        lo, hi = self.acc_iv(a)
        return TN(a.text, a.prec, a.ty, lo, hi)

    # ----------------------------------------------------------- constants
    def iconst(self, v=None):
        rng = self.rng
        if v is None:
            r = rng.random()
            if r < 0.55:
                v = rng.randrange(0, 10)
            elif r < 0.85:
                v = rng.randrange(10, 300)
            elif r < 0.95:
                v = rng.randrange(300, 70000)
            elif r < 0.98:
                v = rng.randrange(70000, 100000000)
            else:
                v = rng.randrange(1 << 31, 1 << 45)
        r = rng.random()
        suffix = ''
        if r < 0.1:
            suffix = rng.choice(['u', 'U'])
        elif r < 0.18:
            suffix = rng.choice(['l', 'L'])
        elif r < 0.24:
            suffix = rng.choice(['ul', 'UL', 'lu', 'LU', 'uL'])
        hexa = v > 9 and rng.random() < 0.12
        text = ('0x%x' % v if rng.random() < 0.5 else '0x%X' % v) if hexa else str(v)
        return TN(text + suffix, P_POSTFIX, literal_type(v, hexa, suffix), v, v)

    def kint(self, v, ty=T_INT):
        """a constant of value v >= 0 and (at most) type ty"""
        suffix = {'int': '', 'unsigned int': 'u', 'long': 'L', 'unsigned long': 'UL'}.get(ty.key, '')
        return TN(str(v) + suffix, P_POSTFIX, literal_type(v, False, suffix), v, v)

    def charconst(self):
        rng = self.rng
        r = rng.random()
        if r < 0.75:
            c = rng.choice('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 +-*/.,;:=_#@!?')
            return TN("'%s'" % c, P_POSTFIX, T_INT, ord(c), ord(c))
        t, v = rng.choice([('\\n', 10), ('\\t', 9), ('\\0', 0), ('\\\\', 92), ("\\'", 39),
                           ('"', 34), ('\\r', 13), ('\\a', 7)])
        return TN("'%s'" % t, P_POSTFIX, T_INT, v, v)

    def word(self, minlen=0):
        rng = self.rng
        for _ in range(10):
            w = rng.choice(WORDS)
            if len(w) >= minlen:
                break
        else:
            w = 'abcdefghijklmnopqrstuvwxyz'[:max(minlen, 1)]
        if rng.random() < 0.15:
            w = w + rng.choice(WORDS)
        return w[:MAXSTR - 1] if len(w) >= minlen else w

    def strlit(self, minlen=0):
        """a string literal with at least minlen characters before its NUL"""
        w = self.word(minlen)
        if len(w) < minlen:
            w = (w + 'abcdefghijklmnopqrstuvwxyz')[:minlen]
        text = c_string(w)
        if len(w) > 6 and self.rng.random() < 0.1:
            k = self.rng.randrange(1, len(w))
            text = c_string(w[:k]) + ' ' + c_string(w[k:])
        return text, w

    def dconst(self, lo=-1000.0, hi=1000.0):
        rng = self.rng
        for _ in range(10):
            r = rng.random()
            if r < 0.3:
                t = '%d.%s' % (rng.randrange(0, 100), rng.choice(['0', '5', '25', '125', '75', '']))
            elif r < 0.5:
                t = rng.choice(['0.1', '0.2', '0.3', '3.14159', '2.71828', '1.41421', '0.001',
                                '1e3', '2.5e2', '1.5e-3', '.5', '.25', '7.', '1e-1', '6.02e1', '9.75E+1'])
            elif r < 0.8:
                t = '%d.%d' % (rng.randrange(0, 1000), rng.randrange(0, 1000))
            else:
                t = '%.*f' % (rng.randrange(1, 4), rng.uniform(0, 100))
            v = float(t)
            if rng.random() < 0.3:
                v, t = -v, '-' + t
            if lo <= v <= hi:
                prec = P_UNARY if t.startswith('-') else P_POSTFIX
                return TN(t, prec, T_DBL, v, v)
        return TN('1.0', P_POSTFIX, T_DBL, 1.0, 1.0)

    # ----------------------------------------------------------- integer expressions
    def bin_node(self, op, a, b, res):
        R, lo, hi = res
        p = BINPREC[op]
        return TN(paren(a, p) + ' ' + op + ' ' + paren(b, p + 1), p, R, lo, hi)

    def reduce(self, n, m):
        """n wrapped so that its magnitude is <= m (m >= 1)"""
        if n.ty.k == 'd':
            return self.dscale(n, float(m))
        if max(abs(n.lo), abs(n.hi)) <= m:
            return n
        rng = self.rng
        k = m.bit_length()
        if (1 << k) - 1 > m:
            k -= 1
        opts = ['&', '%']
        need = -(-max(abs(n.lo), abs(n.hi)) // m)
        if need <= 1 << 40:
            opts.append('/')
        if n.lo >= 0 and (n.hi >> 20) <= m:
            opts.append('>>')
        op = rng.choice(opts)
        if op == '&':
            c = self.hexmask(rng.randrange(max(1, k - 6), k + 1))
        elif op == '%':
            c = self.kint(rng.randrange(max(2, (m + 1) // 4), m + 2), self.rng.choice([T_INT, n.ty if n.ty.rank >= 2 else T_INT]))
        elif op == '/':
            c = self.kint(rng.randrange(need, need * 2 + 1), T_INT if need * 2 < (1 << 31) else T_LONG)
        else:
            s = 0
            while (n.hi >> s) > m:
                s += 1
            c = self.kint(s)
        res = int_binop(op, n, c)
        assert res is not None and max(abs(res[1]), abs(res[2])) <= m, (n.text, op, c.text, res)
        return self.bin_node(op, n, c, res)

    def hexmask(self, bits):
        v = (1 << bits) - 1
        if self.rng.random() < 0.5:
            return TN('0x%x' % v, P_POSTFIX, literal_type(v, True, ''), v, v)
        return self.kint(v, T_INT if v <= T_INT.hi else T_LONG)

    def clamp(self, n):
        if n.ty.signed and max(abs(n.lo), abs(n.hi)) > (promote(n.ty).hi >> 3):
            return self.reduce(n, self.rng.choice([255, 1023, 65535, (1 << 20) - 1]))
        return n

    def ie(self, d):
        rng = self.rng
        if d <= 0 or rng.random() < 0.18:
            return self.ileaf()
        r = rng.random()
        n = None
        if r < 0.2:
            n = self.arith(rng.choice('+-'), d)
        elif r < 0.28:
            n = self.mul(d)
        elif r < 0.35:
            n = self.divmod(rng.choice('/%'), d)
        elif r < 0.42:
            n = self.shift(rng.choice(('<<', '>>')), d)
        elif r < 0.52:
            n = self.bitwise(rng.choice('&|^'), d)
        elif r < 0.62:
            n = self.relational(d)
        elif r < 0.66:
            n = self.logical(d)
        elif r < 0.71:
            n = self.unary(d)
        elif r < 0.76:
            n = self.ternary(d, 'i')
        elif r < 0.83:
            n = self.cast_i(d)
        elif r < 0.91:
            n = self.call_num(d, 'i')
        elif r < 0.94:
            n = self.sizeof_e()
        elif r < 0.97:
            n = self.d2i(self.de(d - 1), rng.choice(INT_TYS))
        else:
            n = self.bytes_hash()
        return n if n is not None else self.ileaf()

    def ileaf(self):
        rng = self.rng
        r = rng.random()
        if r < 0.2:
            return self.iconst()
        if r < 0.23:
            return self.charconst()
        if self.extra and r < 0.4:
            n, checks = rng.choice(self.extra)
            if all(self.lookup(name) is o for name, o in checks):
                return n
        if r < 0.25 and not self.in_index:
            text, w = self.strlit(1)
            i = self.index(0, len(w))
            vals = [ord(c) for c in w] + [0]
            return TN(paren_t(text, P_POSTFIX, P_POSTFIX) + '[' + i.text + ']', P_POSTFIX, T_CHAR,
                      min(vals[i.lo:i.hi + 1]), max(vals[i.lo:i.hi + 1]))
        if r < 0.28 and not self.in_index:
            n = self.deref_leaf()
            if n is not None:
                return n
        a = self.pick('i', False)
        if a is None:
            return self.iconst()
        return self.acc_node(a)

    def deref_leaf(self):
        """*p / p[i] of a pointer expression"""
        rng = self.rng
        elem = rng.choice(INT_TYS)
        p = self.pe(elem, PI(0, 0, 0, -1, False, None, 0), simple=True)
        if p is None:
            return None
        i = self.index(p.pi.rlo, p.pi.rhi, True)
        if i.lo == 0 and rng.random() < 0.6:
            text, prec = '*' + paren(p, P_UNARY), P_UNARY
        else:
            text, prec = paren(p, P_POSTFIX) + '[' + i.text + ']', P_POSTFIX
        lo, hi = T_INV[elem.key]
        return TN(text, prec, elem, lo, hi)

    def ibin(self, op, a, b, shrink):
        for _ in range(3):
            res = int_binop(op, a, b)
            if res is not None:
                return self.bin_node(op, a, b, res)
            a, b = self.reduce(a, shrink), self.reduce(b, shrink)
            shrink = max(1, shrink >> 8)
        return None

    def arith(self, op, d):
        a, b = self.ie(d - 1), self.ie(d - 1)
        n = self.ibin(op, a, b, 1 << 28)
        return self.clamp(n) if n is not None else None

    def mul(self, d):
        a, b = self.ie(d - 1), self.ie(d - 1)
        res = int_binop('*', a, b)
        if res is None:
            a = self.reduce(a, self.rng.choice([15, 255, 1023, 16383]))
            b = self.reduce(b, (1 << 29) // max(1, abs(a.lo), abs(a.hi)))
            res = int_binop('*', a, b)
            if res is None:
                return None
        return self.clamp(self.bin_node('*', a, b, res))

    def nonneg(self, e):
        if e.lo >= 0:
            return e
        if self.rng.random() < 0.6:
            m = self.hexmask(self.rng.choice([4, 8, 10, 16]))
            return self.bin_node('&', e, m, int_binop('&', e, m))
        t = self.rng.choice([T_UINT, T_ULONG]) if e.ty.size <= 4 else T_ULONG
        lo, hi = conv_iv(e.lo, e.hi, t)
        return TN('(%s)%s' % (t_name(t, self.rng), paren(e, P_UNARY)), P_UNARY, t, lo, hi)

    def divisor(self):
        rng = self.rng
        r = rng.random()
        if r < 0.4:
            c = self.iconst(rng.randrange(1, 20))
            if rng.random() < 0.15:
                return TN('-' + c.text, P_UNARY, promote(c.ty), -c.lo, -c.lo) if c.ty.signed else c
            return c
        self.in_index += 1
        e = self.ie(1)
        self.in_index -= 1
        if r < 0.75:
            m = self.kint(rng.choice([3, 7, 15, 255]))
            a = self.bin_node('&', e, m, int_binop('&', e, m))
            one = self.kint(1, rng.choice([T_INT, T_UINT]))
            return self.bin_node('+', a, one, int_binop('+', a, one))
        e = self.nonneg(e)
        one = self.kint(1)
        R, lo, hi = int_binop('|', e, one)
        return TN(paren(e, BINPREC['|']) + ' | 1', BINPREC['|'], R, max(lo, 1), hi)

    def divmod(self, op, d):
        a = self.ie(d - 1)
        b = self.divisor()
        res = int_binop(op, a, b)
        if res is None:
            a = self.reduce(a, 1 << 28)
            res = int_binop(op, a, b)
            if res is None:
                return None
        return self.bin_node(op, a, b, res)

    def shift_count(self, width):
        rng = self.rng
        if rng.random() < 0.6:
            return self.iconst(rng.randrange(0, min(width, 24)))
        self.in_index += 1
        e = self.ie(1)
        self.in_index -= 1
        m = self.kint(rng.choice([3, 7, 15] + ([31] if width > 32 else [])))
        return self.bin_node('&', e, m, int_binop('&', e, m))

    def shift(self, op, d):
        a = self.ie(d - 1)
        R = promote(a.ty)
        s = self.shift_count(8 * R.size)
        if op == '<<' and R.signed:
            a = self.nonneg(a)
            R = promote(a.ty)
            if R.signed:
                lim = R.hi >> 2 >> s.hi
                if a.hi > lim:
                    a = self.reduce(a, max(1, lim))
        if s.hi >= 8 * promote(a.ty).size:
            return None
        res = int_binop(op, a, s)
        if res is None:
            return None
        return self.clamp(self.bin_node(op, a, s, res))

    def bitwise(self, op, d):
        a, b = self.ie(d - 1), self.ie(d - 1)
        res = int_binop(op, a, b)
        return self.clamp(self.bin_node(op, a, b, res)) if res is not None else None

    def relational(self, d):
        rng = self.rng
        op = rng.choice(['<', '<=', '>', '>=', '==', '!='])
        r = rng.random()
        if r < 0.15:
            a, b = self.de(d - 1), (self.de(d - 1) if rng.random() < 0.5 else self.dconst())
        elif r < 0.2:
            elem = rng.choice(INT_TYS + (T_DBL,))
            req = PI(0, 0, 0, -1, False, None, 0)
            a = self.pe(elem, req, simple=True)
            b = self.pe(elem, req, simple=True) if rng.random() < 0.7 else None
            if a is None:
                return None
            op = rng.choice(['==', '!='])
            if b is None:
                b = TN('0', P_POSTFIX, T_INT)
        else:
            a, b = self.ie(d - 1), self.ie(d - 1)
        p = BINPREC[op]
        return TN(paren(a, p) + ' ' + op + ' ' + paren(b, p + 1), p, T_INT, 0, 1)

    def cond(self, d=None):
        if d is None:
            d = self.rng.randrange(1, 4)
        r = self.rng.random()
        if r < 0.1:
            return self.relational(max(d, 1)) or self.ie(d)
        if r < 0.14:
            n = self.de(d)
            return n
        return self.ie(d)

    def logical(self, d):
        a, b = self.cond(d - 1), self.cond(d - 1)
        op = self.rng.choice(['&&', '||'])
        p = BINPREC[op]
        return TN(paren(a, p) + ' ' + op + ' ' + paren(b, p + 1), p, T_INT, 0, 1)

    def unary(self, d):
        a = self.ie(d - 1)
        op = self.rng.choice(['-', '~', '!'])
        R = promote(a.ty)
        t = paren(a, P_UNARY)
        if op == '-' and t.startswith('-'):
            t = '(' + t + ')'
        if op == '!':
            return TN('!' + t, P_UNARY, T_INT, 0, 1)
        if op == '-':
            if R.signed:
                if a.lo <= R.lo:
                    return None
                lo, hi = -a.hi, -a.lo
            else:
                lo, hi = conv_iv(-a.hi, -a.lo, R)
        else:
            if R.signed:
                lo, hi = -a.hi - 1, -a.lo - 1
            else:
                alo, ahi = conv_iv(a.lo, a.hi, R)
                lo, hi = R.hi - ahi, R.hi - alo
        return self.clamp(TN(op + t, P_UNARY, R, lo, hi))

    def ternary(self, d, kind):
        c = self.cond(d - 1)
        if kind == 'i':
            a, b = self.ie(d - 1), self.ie(d - 1)
            R = arith_ty(a.ty, b.ty)
            alo, ahi = conv_iv(a.lo, a.hi, R)
            blo, bhi = conv_iv(b.lo, b.hi, R)
            lo, hi = min(alo, blo), max(ahi, bhi)
        else:
            a, b = self.de(d - 1), self.de(d - 1)
            R = T_DBL
            lo, hi = min(a.lo, b.lo), max(a.hi, b.hi)
        t = paren(c, P_TERNARY + 1) + ' ? ' + paren(a, P_ASSIGN) + ' : ' + paren(b, P_TERNARY)
        return TN(t, P_TERNARY, R, lo, hi)

    def cast_i(self, d):
        a = self.ie(d - 1)
        t = self.rng.choice(INT_TYS)
        lo, hi = conv_iv(a.lo, a.hi, t)
        return TN('(%s)%s' % (t_name(t, self.rng), paren(a, P_UNARY)), P_UNARY, t, lo, hi)

    def sizeof_e(self):
        rng = self.rng
        r = rng.random()
        if r < 0.35:
            t = rng.choice([x for x, _ in SCALAR_W] + self.g.types[-8:])
            if rng.random() < 0.2:
                t = ptr_to(t) if rng.random() < 0.5 else array_of(t, rng.randrange(2, 6))
            return TN('sizeof(%s)' % t_name(t, rng), P_UNARY, T_ULONG, t.size, t.size)
        vis = [o for o in self.visible() if o.ty.k != 'p' or rng.random() < 0.3]
        if not vis:
            return None
        o = rng.choice(vis)
        if o.ty.k == 'a' and r < 0.6:
            sub = o.name + '[0]' if rng.random() < 0.6 else '*' + o.name
            return TN('sizeof %s / sizeof %s' % (o.name, sub), BINPREC['/'], T_ULONG, o.ty.n, o.ty.n)
        if rng.random() < 0.5:
            return TN('sizeof %s' % o.name, P_UNARY, T_ULONG, o.ty.size, o.ty.size)
        return TN('sizeof(%s)' % o.name, P_UNARY, T_ULONG, o.ty.size, o.ty.size)

    def bytes_hash(self):
        """hash_bytes() over the bytes of an object without padding or pointers"""
        if self.in_index:
            return None
        rng = self.rng
        cs = [o for o in self.visible()
              if not o.ty.padded and not o.ty.hasptr and o.ty.size <= 64 and o.ty.k != 'v']
        if not cs:
            return None
        o = rng.choice(cs)
        o.addr = True
        f = self.g.hash_bytes
        self.cost += self.mult * (o.ty.size * 2 + 4)
        if o.ty.k == 'a':
            if rng.random() < 0.5:
                t = '%s(%s, sizeof %s)' % (f.name, o.name, o.name)
            else:
                t = '%s(&%s[0], %d * sizeof %s[0])' % (f.name, o.name, o.ty.n, o.name)
        else:
            t = '%s(&%s, sizeof %s)' % (f.name, o.name, rng.choice([o.name, '(%s)' % t_name(o.ty, rng)]))
        return TN(t, P_POSTFIX, T_ULONG, 0, T_ULONG.hi)

    def d2i(self, n, ty):
        """n (a double) converted to integer type ty: always in range"""
        rng = self.rng
        lim = float(1 << 62) if ty.size == 8 else float(ty.hi)
        if ty.signed:
            ok = n.lo > -lim and n.hi < lim
        else:
            ok = n.lo > -0.5 and n.hi < lim
        if not ok and ty.size < 8 and max(abs(n.lo), abs(n.hi)) < float(1 << 62) and rng.random() < 0.7:
            lo, hi = int(n.lo), int(n.hi)
            m = TN('(long)' + paren(n, P_UNARY), P_UNARY, T_LONG, lo, hi)
            lo, hi = conv_iv(lo, hi, ty)
            return TN('(%s)%s' % (t_name(ty, rng), paren(m, P_UNARY)), P_UNARY, ty, lo, hi)
        if not ok:
            if not ty.signed and n.lo <= -0.5:
                n = TN('%s < 0.0 ? %s : %s' % (paren(n, 10), neg_text(n), paren(n, P_TERNARY)),
                       P_TERNARY, T_DBL, 0.0, max(abs(n.lo), abs(n.hi)))
            n = self.dscale(n, min(lim, float(1 << 30)) / 2)
        lo, hi = int(n.lo), int(n.hi)
        lo, hi = max(lo, ty.lo), min(hi, ty.hi)
        return TN('(%s)%s' % (t_name(ty, rng), paren(n, P_UNARY)), P_UNARY, ty, lo, hi)

    # ----------------------------------------------------------- doubles
    def dscale(self, n, bound):
        m = max(abs(n.lo), abs(n.hi))
        if m <= bound:
            return n
        k = 1
        while m / (1 << k) > bound:
            k += 1
        c = float(1 << k)
        r = self.rng.random()
        if r < 0.6 or k > 40:
            t = '%.1f' % c if k <= 20 else repr(c)
            return TN(paren(n, BINPREC['/']) + ' / ' + t, BINPREC['/'], T_DBL, *widen(n.lo / c, n.hi / c))
        return TN(paren(n, BINPREC['*']) + ' * ' + repr(1.0 / c), BINPREC['*'], T_DBL, *widen(n.lo / c, n.hi / c))

    def de(self, d):
        rng = self.rng
        if d <= 0 or rng.random() < 0.22:
            return self.dleaf()
        r = rng.random()
        if r < 0.35:
            op = rng.choice('+-')
            a = self.de(d - 1)
            b = self.de(d - 1) if rng.random() < 0.7 else self.ie(d - 1)
        elif r < 0.5:
            op = '*'
            a = self.de(d - 1)
            b = self.de(d - 1) if rng.random() < 0.7 else self.ie(d - 1)
        elif r < 0.62:
            op = '/'
            a = self.de(d - 1)
            b = self.ddivisor()
        elif r < 0.7:
            a = self.de(d - 1)
            return TN(neg_text(a), P_UNARY, T_DBL, -a.hi, -a.lo)
        elif r < 0.78:
            return self.ternary(d, 'd')
        elif r < 0.88:
            n = self.call_num(d, 'd')
            return n if n is not None else self.dleaf()
        else:
            a = self.ie(d - 1)
            lo, hi = dval(a)
            if max(abs(lo), abs(hi)) > D_LIM:
                a = self.reduce(a, 1 << 40)
                lo, hi = dval(a)
            return TN('(double)' + paren(a, P_UNARY), P_UNARY, T_DBL, lo, hi)
        if op != '/' and rng.random() < 0.5:
            a, b = b, a
        for _ in range(2):
            iv = dbl_iv(op, dval(a), dval(b))
            if iv is not None:
                break
            a = self.dscale(a, D_INV) if a.ty.k == 'd' else self.reduce(a, 1 << 20)
            if op != '/':
                b = self.dscale(b, D_INV) if b.ty.k == 'd' else self.reduce(b, 1 << 20)
        else:
            return self.dleaf()
        p = BINPREC[op]
        return TN(paren(a, p) + ' ' + op + ' ' + paren(b, p + 1), p, T_DBL, *iv)

    def ddivisor(self):
        rng = self.rng
        r = rng.random()
        if r < 0.5:
            t = rng.choice(['2.0', '3.0', '4.0', '10.0', '0.5', '1.25', '7.0', '1e3', '16.0', '3.5'])
            v = float(t)
            return TN(t, P_POSTFIX, T_DBL, v, v)
        if r < 0.75:
            x = self.dleaf()
            if max(abs(x.lo), abs(x.hi)) > D_INV:
                x = self.dscale(x, D_INV)
            hi = max(x.lo * x.lo, x.hi * x.hi) + 1.0
            t = '(%s * %s + 1.0)' % (paren(x, BINPREC['*']), paren(x, BINPREC['*'] + 1))
            return TN(t, P_POSTFIX, T_DBL, 1.0, hi * (1 + 1e-9))
        self.in_index += 1
        e = self.ie(1)
        self.in_index -= 1
        m = self.kint(rng.choice([3, 7, 15]))
        a = self.bin_node('&', e, m, int_binop('&', e, m))
        return TN('(double)(%s + 1)' % paren(a, BINPREC['+']), P_UNARY, T_DBL, 1.0, float(a.hi + 1))

    def dleaf(self):
        rng = self.rng
        r = rng.random()
        if r < 0.3:
            return self.dconst()
        if r < 0.85:
            a = self.pick('d', False)
            if a is not None:
                return self.acc_node(a)
        a = self.ileaf()
        lo, hi = dval(a)
        if max(abs(lo), abs(hi)) > D_LIM:
            a = self.reduce(a, 1 << 40)
            lo, hi = dval(a)
        return TN('(double)' + paren(a, P_UNARY), P_UNARY, T_DBL, lo, hi)

    # ----------------------------------------------------------- fitting values
    def fit(self, n, ty):
        """n, wrapped as needed so that converted to ty it lies in ty's invariant"""
        rng = self.rng
        if ty.k == 'd':
            return self.fitd(n)
        if n.ty.k == 'd':
            n = self.d2i(n, ty if rng.random() < 0.7 else T_LONG)
        lo, hi = T_INV[ty.key]
        clo, chi = conv_iv(n.lo, n.hi, ty)
        if not (lo <= clo and chi <= hi):
            if ty.signed and ty.size > 1:
                n = self.reduce(n, min(-lo, hi))
                clo, chi = conv_iv(n.lo, n.hi, ty)
                assert lo <= clo and chi <= hi
        if n.ty is not ty and rng.random() < 0.15:
            return TN('(%s)%s' % (t_name(ty, rng), paren(n, P_UNARY)), P_UNARY, ty, clo, chi)
        return n

    def fitd(self, n):
        if n.ty.k != 'd':
            if max(abs(n.lo), abs(n.hi)) > (1 << 20):
                n = self.reduce(n, 1 << 20)
            lo, hi = dval(n)
            return TN('(double)' + paren(n, P_UNARY), P_UNARY, T_DBL, lo, hi)
        return self.dscale(n, D_INV)

    def num(self, d, ty):
        """an expression for a value of arithmetic type ty"""
        if ty.k == 'd':
            return self.fitd(self.de(d) if self.rng.random() < 0.85 else self.ie(d))
        return self.fit(self.ie(d) if self.rng.random() < 0.93 else self.de(d), ty)

    # ----------------------------------------------------------- indices
    def index(self, lo, hi, const_only=False):
        """an expression with a value in [lo, hi]"""
        rng = self.rng
        if lo == hi or const_only or self.in_index > 1 or rng.random() < 0.4 or lo < 0:
            if lo < 0 <= hi and rng.random() < 0.5:
                v = 0
            else:
                v = rng.randrange(lo, hi + 1)
            if v < 0:
                return TN('-%d' % -v, P_UNARY, T_INT, v, v)
            return TN(str(v), P_POSTFIX, T_INT, v, v)
        cs = [(o, a, b) for (o, a, b) in self.civ.values()
              if self.lookup(o.name) is o and ((lo <= a and b <= hi) or (lo <= a - 1 and b - 1 <= hi))]
        if cs and rng.random() < 0.85:
            o, a, b = rng.choice(cs)
            n = TN(o.name, P_POSTFIX, o.ty, a, b)
            if lo <= a and b <= hi:
                return n
            c = self.kint(1)
            return self.bin_node('-', n, c, int_binop('-', n, c))
        self.in_index += 1
        e = self.nonneg(self.ie(rng.choice((0, 0, 1))))
        self.in_index -= 1
        n = hi - lo + 1
        if n & (n - 1) == 0 and rng.random() < 0.5:
            c = self.kint(n - 1)
            node = self.bin_node('&', e, c, int_binop('&', e, c))
        else:
            c = self.kint(n)
            node = self.bin_node('%', e, c, int_binop('%', e, c))
        if lo > 0:
            c = self.kint(lo)
            node = self.bin_node('+', node, c, int_binop('+', node, c))
        assert lo <= node.lo and node.hi <= hi, (node.text, lo, hi)
        return node

    # ----------------------------------------------------------- pointers
    def acc_ptr(self, a, kind):
        """the pointer value an access gives: a pointer object's value, an array
        decayed, or the address of an object"""
        bases = self.acc_bases(a)
        if kind == 'p':
            return TN(a.text, a.prec, a.ty, pi=a.pi)
        if a.bases is None:
            a.obj.addr = True
        if kind == 'a':
            n = a.ty.n
            cs = a.ty.to in CHAR_TYS and not a.nocstr
            whi = (n - 2 if cs else n - 1) if a.wok else -1
            pi = PI(0, n - 1, 0, whi, cs, bases, a.depth)
            if self.rng.random() < 0.15:
                return TN('&' + paren_t(a.text, a.prec, P_POSTFIX) + '[0]', P_UNARY, ptr_to(a.ty.to), pi=pi)
            return TN(a.text, a.prec, ptr_to(a.ty.to), pi=pi)
        pi = PI(0, 0, 0, 0 if a.wok else -1, False, bases, a.depth)
        return TN('&' + paren_t(a.text, a.prec, P_UNARY), P_UNARY, ptr_to(a.ty), pi=pi)

    def offset(self, n, req):
        """n + k for some k such that the result meets req"""
        P = n.pi
        if req.cstr and not P.cstr:
            return None
        kmin, kmax = P.rlo - req.rlo, P.rhi - req.rhi
        if req.wlo <= req.whi:
            kmin, kmax = max(kmin, P.wlo - req.wlo), min(kmax, P.whi - req.whi)
        kmin, kmax = max(kmin, P.rlo), min(kmax, P.rhi + 1)
        if req.cstr:
            kmax = min(kmax, P.rhi)
        if kmin > kmax:
            return None
        rng = self.rng
        if (kmin <= 0 <= kmax and rng.random() < 0.65) or kmin == kmax == 0:
            return n
        if kmin <= 0 <= kmax:
            k = rng.randrange(max(kmin, -3), min(kmax, 8) + 1)
        elif kmax < 0:
            k = rng.randrange(max(kmin, kmax - 3), kmax + 1)
        else:
            k = rng.randrange(kmin, min(kmax, kmin + 8) + 1)
        assert kmin <= k <= kmax
        if k == 0:
            return n
        if n.prec >= P_POSTFIX and rng.random() < 0.4:
            t, p = '&%s[%d]' % (n.text, k), P_UNARY
        else:
            t, p = '%s %s %d' % (paren(n, BINPREC['+']), '+' if k > 0 else '-', abs(k)), BINPREC['+']
        return TN(t, p, n.ty, pi=P.shift(k))

    def pe(self, elem, req, allowed=None, maxdepth=None, simple=False):
        """a pointer to elem that meets req (a PI), whose bases are within `allowed`
        and depth at most maxdepth when given; None if none was found"""
        rng = self.rng
        needw = req.wlo <= req.whi
        pt = ptr_to(elem)
        lit_ok = elem is T_CHAR and not needw and (allowed is None or 'lit' in allowed)
        if allowed is not None and allowed == LIT_BASES:
            if not lit_ok:
                return None
            text, w = self.strlit(max(0, req.rhi - req.rlo))
            return self.offset(TN(text, P_POSTFIX, pt, pi=PI(0, len(w), 0, -1, True, LIT_BASES, 0)), req)
        for _ in range(6):
            n = None
            r = rng.random()
            if r < 0.1 and lit_ok:
                text, w = self.strlit(max(0, req.rhi - req.rlo))
                n = TN(text, P_POSTFIX, pt, pi=PI(0, len(w), 0, -1, True, LIT_BASES, 0))
            elif r < 0.16 and not simple and not self.in_index:
                n = self.call_ptr(elem)
            elif r < 0.2 and not simple and not self.in_index:
                a = self.pe(elem, req, allowed, maxdepth, True)
                b = self.pe(elem, req, allowed, maxdepth, True)
                if a is not None and b is not None:
                    c = self.cond(1)
                    pa, pb = a.pi, b.pi
                    pi = PI(max(pa.rlo, pb.rlo), min(pa.rhi, pb.rhi), max(pa.wlo, pb.wlo),
                            min(pa.whi, pb.whi), pa.cstr and pb.cstr, pa.bases | pb.bases,
                            max(pa.depth, pb.depth))
                    t = paren(c, P_TERNARY + 1) + ' ? ' + paren(a, P_ASSIGN) + ' : ' + paren(b, P_TERNARY)
                    n = TN(t, P_TERNARY, pt, pi=pi)
            else:
                kind = rng.choice(('a', 'a', 'p', 'p', 'o'))
                if kind == 'o' and (req.rhi > 0 or req.rlo < 0 or req.cstr):
                    kind = 'a'
                a = self.pick((kind, elem.key), needw and kind != 'p')
                if a is not None:
                    n = self.acc_ptr(a, kind)
            if n is None:
                continue
            n = self.offset(n, req)
            if n is None:
                continue
            if allowed is not None and not n.pi.bases <= allowed:
                continue
            if maxdepth is not None and n.pi.depth > maxdepth:
                continue
            return n
        return None

    def call_ptr(self, elem):
        pt = ptr_to(elem)
        f = self.pick_func(lambda f: f.pure and f.ret is pt and f.retkind in ('lit', 'pp'))
        if f is None:
            return None
        args = self.call_args(f)
        if args is None:
            return None
        return self.call_node(f, args)

    def se(self, sty, simple=False):
        """a value of struct/union type sty, or None"""
        rng = self.rng
        r = rng.random()
        if r < 0.12 and not simple and not self.in_index:
            f = self.pick_func(lambda f: f.pure and f.ret is sty)
            if f is not None:
                args = self.call_args(f)
                if args is not None:
                    return self.call_node(f, args)
        if r < 0.2 and not simple:
            a, b = self.se(sty, True), self.se(sty, True)
            if a is not None and b is not None:
                c = self.cond(1)
                t = paren(c, P_TERNARY + 1) + ' ? ' + paren(a, P_ASSIGN) + ' : ' + paren(b, P_TERNARY)
                return TN(t, P_TERNARY, sty)
        a = self.pick(('o', sty.key), False)
        if a is None:
            return None
        return TN(a.text, a.prec, sty)

    # ----------------------------------------------------------- calls
    def pick_func(self, pred):
        fs = self.g.funcs
        if not fs:
            return None
        rng = self.rng
        room = T_BUDGET - self.cost if not self.is_main else 10 ** 9
        for _ in range(8):
            f = fs[-1 - min(len(fs) - 1, int(rng.expovariate(1 / 15.0)))] \
                if rng.random() < 0.7 else rng.choice(fs)
            if f.cost * self.mult > room or not pred(f):
                continue
            return f
        return None

    def arg(self, pty, req):
        if pty.k in 'id':
            return self.num(self.rng.randrange(0, 3), pty)
        if pty.k == 'p':
            return self.pe(pty.to, req)
        return self.se(pty, True)

    def call_args(self, f):
        args = []
        for name, pty, req in f.params:
            a = self.arg(pty, req)
            if a is None and self.is_main:
                self.provide(pty, req)
                a = self.arg(pty, req)
            if a is None:
                return None
            args.append(a)
        return args

    def call_node(self, f, args):
        text = '%s(%s)' % (f.name, ', '.join(a.text for a in args))
        self.cost += self.mult * f.cost
        if f.retkind == 'lit':
            return TN(text, P_POSTFIX, f.ret, pi=f.retpi)
        if f.retkind == 'pp':
            p0, r = args[0].pi, f.retpi
            return TN(text, P_POSTFIX, f.ret, pi=PI(0, r.rhi, 0, r.whi, False, p0.bases, p0.depth))
        if f.ret.k == 'i':
            return TN(text, P_POSTFIX, f.ret, *T_INV[f.ret.key])
        if f.ret.k == 'd':
            return TN(text, P_POSTFIX, f.ret, -D_INV, D_INV)
        return TN(text, P_POSTFIX, f.ret)

    def call_num(self, d, kind):
        if self.in_index:
            return None
        f = self.pick_func(lambda f: f.pure and f.retkind == 'val' and f.ret.k == kind)
        if f is None:
            return None
        args = self.call_args(f)
        if args is None:
            return None
        return self.call_node(f, args)

    # ----------------------------------------------------------- initialisers
    def sconst(self, ty):
        """a constant (for static initialisers) in ty's invariant"""
        rng = self.rng
        if ty.k == 'd':
            return self.dconst(-D_INV, D_INV).text
        if ty in CHAR_TYS and rng.random() < 0.5:
            return self.charconst().text
        lo, hi = T_INV[ty.key]
        r = rng.random()
        if r < 0.5:
            v = rng.randrange(0, 10)
        elif r < 0.8:
            v = rng.randrange(10, 300)
        else:
            v = rng.randrange(300, 1 << 20)
        v = min(v, hi)
        neg = ty.signed and rng.random() < 0.25 and -v >= lo
        suffix = {'unsigned int': rng.choice(['', 'u']), 'long': rng.choice(['', 'L']),
                  'unsigned long': rng.choice(['', 'UL', 'u'])}.get(ty.key, '')
        return ('-' if neg and v else '') + str(v) + suffix

    def init_text(self, ty, static, nocstr=False, mpi=None, top=True):
        """an initialiser for an object of type ty (constants only when static)"""
        rng = self.rng
        k = ty.k
        if top:
            # big aggregates: mostly constants, and only a few members if that is allowed
            n = leaf_count(ty)
            self.init_const = 0.5 if n <= 4 else 0.85
            if n > 12 and not ty.hasptr and rng.random() < 0.7:
                return self.init_min(ty, static)
        if k in 'id':
            if static or rng.random() < self.init_const:
                return self.sconst(ty)
            return self.num(rng.randrange(0, 2), ty).text
        if k == 'p':
            text, _ = self.strlit(mpi.rhi)
            return text
        if k == 'a':
            n = ty.n
            if ty.to in CHAR_TYS and not nocstr:
                if rng.random() < 0.7:
                    text, _ = self.strlit(0)
                    while len(_) > n - 1:
                        text, _ = self.strlit(0)
                    return text
                m = rng.randrange(0, n)
                if m == 0:
                    return '{0}'
                return '{' + ', '.join(self.charconst().text if rng.random() < 0.8 else self.sconst(ty.to)
                                       for _ in range(m)) + '}'
            if ty.to.hasptr or rng.random() < 0.6:
                m = n
            else:
                m = rng.randrange(1, n + 1)
            return '{' + ', '.join(self.init_text(ty.to, static, nocstr, mpi, False) for _ in range(m)) + '}'
        if k == 'u':
            name, mt = ty.members[0]
            return '{' + self.init_text(mt, static, True, None, False) + '}'
        # struct
        ms = ty.members
        m = len(ms)
        if rng.random() < 0.3:
            m = rng.randrange(1, len(ms) + 1)
            while any(mt.hasptr for _, mt in ms[m:]):
                m += 1
        return '{' + ', '.join(self.init_text(mt, static, False, ty.mpi.get(name), False)
                               for name, mt in ms[:m]) + '}'

    def init_min(self, ty, static):
        """an initialiser for the first scalar only (the rest is zero)"""
        if ty.k in 'id':
            return self.init_text(ty, static, False, None, False)
        if ty.k == 'a':
            if ty.to in CHAR_TYS:
                return self.init_text(ty, static, False, None, False)
            return '{' + self.init_min(ty.to, static) + '}'
        if ty.k == 'u':
            return self.init_text(ty, static, False, None, False)
        return '{' + self.init_min(ty.members[0][1], static) + '}'

    # ----------------------------------------------------------- declarations
    def local_name(self):
        if self.is_main:
            self.g.uniq += 1
            return 'm%d' % self.g.uniq
        return self.fresh_name()

    def new_local(self, ty, kind='local', pi=None):
        name = self.local_name()
        o = self.g.new_obj(name, ty, kind, self.level(), pi)
        return o

    def hidden(self, name):
        """generate the initialiser of a declaration of `name`: objects of that name
        are hidden (the initialiser would see the new one)"""
        self.hide = name
        self.changed()

    def unhide(self):
        self.hide = None
        self.changed()

    def pick_type(self, structs=0.2):
        rng = self.rng
        if self.g.types and rng.random() < structs:
            return rng.choice(self.g.types[-12:] if rng.random() < 0.7 else self.g.types)
        return self.g.scalar()

    def decl(self):
        rng = self.rng
        r = rng.random()
        if r < 0.04 and self.level() >= 2 and self.extern_decl():
            return
        if r < 0.1 and not self.is_main:
            return self.static_decl()
        if r < 0.42:
            return self.scalar_decl()
        if r < 0.56 and self.ptr_decl():
            return
        if r < 0.74:
            return self.array_decl()
        if r < 0.93:
            return self.struct_decl()
        if r < 0.97:
            return self.ptr_array_decl()
        return self.scalar_decl()

    def extern_decl(self):
        cands = [gv for gv in self.g.globals if gv.name not in self.scopes[-1]]
        if not cands:
            return False
        gv = self.rng.choice(cands)
        shadowed = self.lookup(gv.name) is not gv
        if shadowed and gv.kind == 'static_global':
            return False
        self.emit('extern %s;' % t_decl(gv.ty, gv.name, self.rng))
        self.declare(gv)
        return True

    def static_decl(self):
        rng = self.rng
        r = rng.random()
        if r < 0.6:
            ty = self.g.scalar()
        elif r < 0.85:
            ty = array_of(self.g.scalar(), rng.randrange(2, 9))
        else:
            ty = self.pick_type(1.0)
        o = self.new_local(ty, 'static')
        if ty.hasptr or rng.random() < 0.8:
            self.emit('static %s = %s;' % (t_decl(ty, o.name, rng), self.init_text(ty, True)))
        else:
            self.emit('static %s;' % t_decl(ty, o.name, rng))
        self.declare(o)

    def scalar_decl(self):
        rng = self.rng
        ty = self.g.scalar()
        o = self.new_local(ty)
        self.hidden(o.name)
        e = self.num(rng.randrange(0, 4), ty)
        self.unhide()
        if rng.random() < 0.1:
            self.emit('%s;' % t_decl(ty, o.name, rng))
            self.declare(o)
            self.emit('%s = %s;' % (o.name, paren(e, P_ASSIGN)))
        else:
            self.emit('%s = %s;' % (t_decl(ty, o.name, rng), paren(e, P_ASSIGN)))
            self.declare(o)

    def ptr_decl(self):
        rng = self.rng
        elem = self.pick_type(0.25)
        if rng.random() < 0.2:
            elem = T_CHAR
        name = self.local_name()
        self.hidden(name)
        src = self.pe(elem, PI(0, 0, 0, -1, rng.random() < 0.3 and elem is T_CHAR, None, 0))
        self.unhide()
        if src is None:
            return False
        P = src.pi
        rhi = rng.randrange(0, P.rhi + 1) if rng.random() < 0.3 else P.rhi
        rlo = 0 if rng.random() < 0.5 else P.rlo
        if P.wlo <= P.whi and rng.random() < 0.85:
            wlo, whi = max(P.wlo, rlo), min(P.whi, rhi)
        else:
            wlo, whi = 0, -1
        o = self.g.new_obj(name, ptr_to(elem), 'local', self.level(),
                           PI(rlo, rhi, wlo, whi, P.cstr, P.bases, self.level()))
        self.emit('%s = %s;' % (t_decl(o.ty, name, rng), paren(src, P_ASSIGN)))
        self.declare(o)
        return True

    def array_decl(self):
        rng = self.rng
        r = rng.random()
        if r < 0.2:
            ty = array_of(rng.choice(CHAR_TYS), rng.randrange(4, MAXSTR + 1))
        elif r < 0.3:
            ty = array_of(array_of(self.g.scalar(), rng.randrange(2, 6)), rng.randrange(2, 5))
        elif r < 0.45 and self.g.types:
            ty = array_of(self.pick_type(1.0), rng.randrange(2, 5))
        else:
            ty = array_of(self.g.scalar(), rng.randrange(2, 17))
        o = self.new_local(ty)
        self.hidden(o.name)
        init = self.init_text(ty, False)
        self.unhide()
        d = o.name + '[]' if (rng.random() < 0.15 and init.startswith('{') and init.count(',') + 1 == ty.n
                              and scalar_of(ty).k in 'id' and ty.to.k != 'a') else None
        if d is not None:
            self.emit('%s = %s;' % (t_decl(ty.to, d, rng), init))
        else:
            self.emit('%s = %s;' % (t_decl(ty, o.name, rng), init))
        self.declare(o)

    def struct_decl(self):
        rng = self.rng
        if not self.g.types:
            return self.scalar_decl()
        ty = self.pick_type(1.0)
        o = self.new_local(ty)
        self.hidden(o.name)
        r = rng.random()
        init = None
        if r < 0.3:
            e = self.se(ty)
            if e is not None:
                init = paren(e, P_ASSIGN)
        elif r < 0.4:
            f = self.pick_func(lambda f: f.ret is ty)
            if f is not None:
                args = self.call_args(f)
                if args is not None:
                    init = self.call_node(f, args).text
                    self.note_call(f, args)
        if init is None:
            init = self.init_text(ty, False)
        self.unhide()
        self.emit('%s = %s;' % (t_decl(ty, o.name, rng), init))
        self.declare(o)

    def ptr_array_decl(self):
        rng = self.rng
        n = rng.randrange(2, 5)
        name = self.local_name()
        if rng.random() < 0.6:
            L = rng.randrange(0, 3)
            inits = [self.strlit(L)[0] for _ in range(n)]
            pi = PI(0, L, 0, -1, True, LIT_BASES, 0)
            elem = T_CHAR
        else:
            elem = self.g.scalar()
            self.hidden(name)
            req = PI(0, 0, 0, 0, False, None, 0) if rng.random() < 0.6 else PI(0, 0, 0, -1, False, None, 0)
            ps = [self.pe(elem, req, simple=True) for _ in range(n)]
            self.unhide()
            if any(p is None for p in ps):
                return self.scalar_decl()
            inits = [p.text for p in ps]
            bases = frozenset().union(*[p.pi.bases for p in ps])
            pi = PI(0, 0, req.wlo, req.whi, False, bases, self.level())
        o = self.g.new_obj(name, array_of(ptr_to(elem), n), 'local', self.level(), pi)
        self.emit('%s = {%s};' % (t_decl(o.ty, name, rng), ', '.join(inits)))
        self.declare(o)

    # ----------------------------------------------------------- simple statements
    def simple_stmt(self):
        r = self.rng.random()
        ok = False
        if r < 0.12:
            ok = self.call_stmt()
        elif r < 0.19:
            ok = self.struct_assign()
        elif r < 0.24:
            ok = self.ptr_assign()
        if not ok:
            ok = self.assign_stmt()
        if not ok:
            ok = self.call_stmt()
        if not ok:
            self.emit(';')

    def assign_stmt(self):
        rng = self.rng
        want = 'd' if rng.random() < 0.15 else 'i'
        a = self.pick(want, True)
        if a is None:
            want = 'i' if want == 'd' else 'd'
            a = self.pick(want, True)
            if a is None:
                return False
        if want == 'd':
            self.assign_d(a)
        else:
            self.assign_i(a)
        self.note_write(a)
        return True

    def norm_const(self, ty):
        """M with |x % M| and x & M inside ty's invariant"""
        rng = self.rng
        if ty.size == 8:
            return rng.choice([1000, 65536, 1 << 20, 1000000007, 1 << 32, 1 << 40])
        return rng.choice([100, 1000, 4096, 30000, 65536, 1000000, 1 << 20])

    def assign_i(self, a):
        rng = self.rng
        ty = a.ty
        lv = self.acc_node(a)
        d = rng.choice((1, 1, 2, 2, 3))
        r = rng.random()
        simple = a.bases is None and a.text == a.obj.name and not self.single
        wraps = not ty.signed or ty.size == 1
        if r < 0.4:
            e = self.num(d, ty)
            self.emit('%s = %s;' % (a.text, paren(e, P_ASSIGN)))
            return
        if r < 0.52 and (wraps or simple):
            op = rng.choice(['++', '--'])
            self.emit(('%s%s;' % (paren_t(a.text, a.prec, P_POSTFIX), op)) if rng.random() < 0.6 else
                      ('%s%s;' % (op, paren_t(a.text, a.prec, P_UNARY))))
            if not wraps:
                self.normalize(a)
            return
        if wraps:
            ops = ['+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '>>=', '+=', '^=']
            if not ty.signed:
                ops.append('<<=')
        else:
            ops = ['%=', '/=', '&=', '|=', '^=', '>>=', '+=', '-=', '*=', '+=']
        op = rng.choice(ops)
        base = op[:-1]
        if base in ('/', '%'):
            e = self.divisor()
        elif base in ('<<', '>>'):
            e = self.shift_count(8 * promote(ty).size)
        else:
            e = self.ie(d)
            if base in '&|^' and not wraps:
                e = self.fit(e, ty)
            elif base == '*' and not wraps:
                e = self.reduce(e, rng.choice([3, 15, 100]))
        res = int_binop(base, lv, e)
        if res is None and base in '+-*':
            e = self.reduce(e, 1 << 20)
            res = int_binop(base, lv, e)
        if res is None:
            e = self.num(d, ty)
            self.emit('%s = %s;' % (a.text, paren(e, P_ASSIGN)))
            return
        R, lo, hi = res
        clo, chi = conv_iv(lo, hi, ty)
        ilo, ihi = T_INV[ty.key]
        if ilo <= clo and chi <= ihi:
            self.emit('%s %s %s;' % (a.text, op, paren(e, P_ASSIGN)))
            return
        if simple:
            self.emit('%s %s %s;' % (a.text, op, paren(e, P_ASSIGN)))
            self.normalize(a)
            return
        n = self.bin_node(base, lv, e, res)
        m = self.norm_const(ty)
        if rng.random() < 0.5:
            c = self.kint(m, T_LONG if m > T_INT.hi else T_INT)
            n = self.bin_node('%', n, c, int_binop('%', n, c))
        else:
            c = self.kint(m - 1, T_LONG if m > T_INT.hi else T_INT)
            n = self.bin_node('&', n, c, int_binop('&', n, c))
        assert ilo <= n.lo and n.hi <= ihi
        self.emit('%s = %s;' % (a.text, paren(n, P_ASSIGN)))

    def normalize(self, a):
        """bring a simple signed variable back into its invariant"""
        rng = self.rng
        m = self.norm_const(a.ty)
        r = rng.random()
        if r < 0.35:
            self.emit('%s %%= %d;' % (a.text, m))
        elif r < 0.55:
            self.emit('%s = %s %% %d;' % (a.text, a.text, m))
        elif r < 0.8:
            self.emit('%s &= %s;' % (a.text, ('0x%x' % (m - 1)) if rng.random() < 0.5 else str(m - 1)))
        else:
            self.emit('%s = %s & %d;' % (a.text, a.text, m - 1))

    def assign_d(self, a):
        rng = self.rng
        d = rng.choice((1, 1, 2, 2, 3))
        r = rng.random()
        if r < 0.5 or a.nocstr:        # (a double in a union is only stored, never read)
            e = self.num(d, T_DBL)
            self.emit('%s = %s;' % (a.text, paren(e, P_ASSIGN)))
        elif r < 0.62:
            self.emit('%s *= %s;' % (a.text, rng.choice(['0.5', '0.25', '0.75', '-0.5', '0.125', '0.9', '-1.0'])))
        elif r < 0.72:
            self.emit('%s /= %s;' % (a.text, rng.choice(['2.0', '3.0', '1.5', '-4.0', '10.0', '1e2'])))
        elif r < 0.88:
            e = self.dscale(self.fitd(self.de(d)), D_INV / 2)
            self.emit('%s = %s * 0.5 + %s;' % (a.text, paren_t(a.text, a.prec, BINPREC['*']),
                                              paren(e, BINPREC['+'] + 1)))
        else:
            e = self.fitd(self.de(d))
            self.emit('%s = (%s + %s) / 2.0;' % (a.text, a.text, paren(e, BINPREC['+'] + 1)))

    def mix_stmt(self, val):
        """fold the integer value val into some integer lvalue"""
        rng = self.rng
        a = self.pick('i', True)
        if a is None:
            return False
        ty = a.ty
        lv = self.acc_node(a)
        r = rng.random()
        if r < 0.4:
            k = self.kint(rng.choice([3, 5, 7, 31, 33, 131]), rng.choice([T_INT, T_UINT]))
            m = int_binop('*', lv, k)
            if m is None:
                lv2 = self.reduce(lv, 1 << 20)
                m = int_binop('*', lv2, k)
                n = self.bin_node('*', lv2, k, m)
            else:
                n = self.bin_node('*', lv, k, m)
            op = '+'
        else:
            n = lv
            op = rng.choice(['+', '^', '-'])
        res = int_binop(op, n, val)
        if res is None:
            val = self.reduce(val, 1 << 20)
            res = int_binop(op, n, val)
        if res is None:
            n = self.reduce(n, 1 << 20)
            res = int_binop(op, n, val)
        n = self.bin_node(op, n, val, res)
        n = self.fit(n, ty)
        self.emit('%s = %s;' % (a.text, paren(n, P_ASSIGN)))
        self.note_write(a)
        return True

    def call_stmt(self):
        rng = self.rng
        f = self.pick_func(lambda f: not f.pure or f.retkind == 'void' or rng.random() < 0.3)
        if f is None:
            return False
        args = self.call_args(f)
        if args is None:
            return False
        node = self.call_node(f, args)
        eff = self.call_effects(f, args)
        self.note_call(f, args)
        target = None
        if f.retkind == 'val' and rng.random() < 0.75:
            cs = [o for o in self.visible()
                  if (o.ty is f.ret if f.ret.k in 'su' else o.ty.k in 'id')
                  and o.id not in self.locked and not o.fixed and o.id not in eff]
            if cs:
                target = rng.choice(cs)
        if target is None:
            if f.retkind != 'void' and rng.random() < 0.3:
                self.emit('(void)%s;' % node.text)
            else:
                self.emit('%s;' % node.text)
            return True
        if target.ty.k in 'su':
            self.emit('%s = %s;' % (target.name, node.text))
        else:
            if target.ty.k == 'i' and node.ty.k == 'i' and not target.ty.signed and rng.random() < 0.4:
                self.emit('%s %s %s;' % (target.name, rng.choice(['+=', '^=', '-=']), node.text))
            else:
                self.emit('%s = %s;' % (target.name, paren(self.fit(node, target.ty), P_ASSIGN)))
        if target.stateful:
            self.W.add(target.id)
        return True

    def struct_assign(self):
        rng = self.rng
        ts = [scalar_of(o.ty) for o in self.visible() if scalar_of(o.ty).k in 'su']
        ts += [o.ty.to for o in self.visible() if o.ty.k == 'p' and o.ty.to.k in 'su']
        if not ts:
            return False
        sty = rng.choice(ts)
        a = self.pick(('o', sty.key), True)
        if a is None:
            return False
        e = self.se(sty)
        if e is None:
            return False
        self.emit('%s = %s;' % (a.text, paren(e, P_ASSIGN)))
        self.note_write(a)
        return True

    def ptr_assign(self):
        rng = self.rng
        cs = [o for o in self.visible() if (o.ty.k == 'p' or (o.ty.k == 'a' and o.ty.to.k == 'p')
                                             or scalar_of(o.ty).cstrm)
              and not o.fixed and o.id not in self.locked]
        if not cs:
            return False
        o = rng.choice(cs)
        t = scalar_of(o.ty)
        if t.k == 'p':
            elem = t.to
        else:
            elem = T_CHAR
        a = self.walk(o, ('p', elem.key), True)
        if a is None:
            return False
        inv = a.pi
        src = self.pe(elem, inv, allowed=inv.bases, maxdepth=inv.depth)
        if src is None:
            return False
        self.emit('%s = %s;' % (a.text, paren(src, P_ASSIGN)))
        self.note_write(a)
        return True

    # ----------------------------------------------------------- compound statements
    def block(self, n, first=None, last=None):
        self.open_block()
        if first:
            first()
        for _ in range(n):
            self.stmt()
        if last:
            last()
        self.close_block()

    def stmt(self, allow_decl=True, top=False):
        rng = self.rng
        self.depth += 1
        p_compound = (0.45, 0.4, 0.25, 0.12)[min(self.depth - 1, 3)] if self.depth <= 4 else 0
        if len(self.out) > 300:
            p_compound = 0
        if rng.random() >= p_compound:
            if allow_decl and not top and rng.random() < 0.2:
                self.decl()
            else:
                self.simple_stmt()
        else:
            r = rng.random()
            if r < 0.22:
                self.if_stmt()
            elif r < 0.40:
                self.for_stmt()
            elif r < 0.46:
                self.while_stmt()
            elif r < 0.50:
                self.do_stmt()
            elif r < 0.57:
                self.switch_stmt()
            elif r < 0.62:
                self.block(rng.randrange(1, 4))
            elif r < 0.69:
                self.ptr_loop() or self.for_stmt()
            elif r < 0.74:
                self.str_loop() or self.if_stmt()
            elif r < 0.78:
                self.heap_block() or self.if_stmt()
            elif r < 0.80:
                self.list_block() or self.if_stmt()
            elif r < 0.83:
                self.bytes_block() or self.if_stmt()
            elif r < 0.91:
                self.jump_stmt() or self.simple_stmt()
            elif r < 0.96:
                self.ret_stmt() or self.simple_stmt()
            else:
                self.emit(';')
        self.depth -= 1

    def sub_stmt(self, braced=None):
        """body of if/else/for: a block or a single statement"""
        rng = self.rng
        if braced is None:
            braced = rng.random() < 0.75
        if braced:
            self.block(rng.randrange(1, 5))
            return
        self.ind += 1
        self.depth += 1
        old, self.single = self.single, True
        r = rng.random()
        if r < 0.7 or self.depth > 4:
            self.simple_stmt()
        elif r < 0.85:
            self.jump_stmt(allow_if=False) or self.simple_stmt()
        elif r < 0.92:
            self.ret_stmt(allow_if=False) or self.simple_stmt()
        else:
            self.if_stmt(no_else=True)
        self.single = old
        self.depth -= 1
        self.ind -= 1

    def if_stmt(self, no_else=False):
        c = self.cond()
        self.emit('if (%s)' % c.text)
        if no_else or self.rng.random() < 0.45:
            self.sub_stmt()
            return True
        self.sub_stmt(braced=True)
        if self.rng.random() < 0.25 and self.depth < 4:
            self.emit('else')
            self.ind += 1
            self.depth += 1
            self.if_stmt()
            self.depth -= 1
            self.ind -= 1
        else:
            self.emit('else')
            self.sub_stmt()
        return True

    def trips(self):
        """(trip count, an array of that length or None)"""
        rng = self.rng
        hi = T_MAX_MULT // self.mult
        if hi <= 1:
            return None, None
        if rng.random() < 0.55:
            arrs = [o for o in self.visible() if o.ty.k == 'a' and 1 <= o.ty.n <= hi]
            if arrs:
                o = rng.choice(arrs)
                return o.ty.n, o
        t = rng.randrange(1, min(hi, 10) + 1)
        if rng.random() < 0.04:
            t = 0
        return t, None

    def counter_var(self):
        cs = [o for o in self.visible()
              if o.kind in ('local', 'param') and o.ty in (T_INT, T_LONG, T_UINT) and not o.addr
              and o.id not in self.locked and not o.fixed and self.lookup(o.name) is o]
        if cs and self.rng.random() < 0.35:
            return self.rng.choice(cs)
        return None

    def loop_body(self, counter, lo, hi, t, body, cont=True):
        if counter is not None:
            self.lock(counter)
            self.civ[counter.id] = (counter, lo, max(lo, hi))   # (t == 0: never runs)
        old = (self.mult, self.loops)
        self.mult *= max(1, t)
        self.loops = self.loops + 1 if cont else 0
        self.breakable += 1
        body()
        self.breakable -= 1
        self.mult, self.loops = old
        if counter is not None:
            del self.civ[counter.id]
            self.unlock(counter)

    def for_stmt(self):
        t, arr = self.trips()
        if t is None:
            return self.if_stmt()
        rng = self.rng
        self.push()
        cv = self.counter_var()
        if cv is None:
            ty = rng.choice([T_INT] * 6 + [T_UINT, T_UINT, T_LONG, T_ULONG] + ([T_UCHAR] if t < 200 else []))
            cv = self.g.new_obj(self.fresh_name(), ty, 'local', self.level())
            decl = t_name(ty, rng) + ' '
            self.declare(cv)
        else:
            decl = ''
        n = cv.name
        form = rng.random()
        inc = rng.choice(['%s++', '++%s', '%s += 1', '%s = %s + 1']).replace('%s', n)
        dec = rng.choice(['%s--', '--%s', '%s -= 1', '%s = %s - 1']).replace('%s', n)
        if form < 0.7 or (form < 0.85 and not cv.ty.signed):
            init = '0'
            if arr is not None and rng.random() < 0.3 and self.lookup(arr.name) is arr and arr.name != n:
                cond = '%s < sizeof %s / sizeof %s' % (n, arr.name, rng.choice([arr.name + '[0]', '*' + arr.name]))
            else:
                cond = rng.choice(['%s < %d', '%s != %d', '%d > %s'] + (['%s <= %d'] if t >= 1 else []))
                if cond == '%s <= %d':
                    cond = cond % (n, t - 1)
                elif cond == '%d > %s':
                    cond = cond % (t, n)
                else:
                    cond = cond % (n, t)
            upd, lo, hi = inc, 0, t - 1
        elif form < 0.85:
            init, cond, upd, lo, hi = str(t - 1), '%s >= 0' % n, dec, 0, t - 1
        else:
            init, cond, upd, lo, hi = str(t), rng.choice(['%s > 0', '%s != 0', '%s']) % n, dec, 1, t
        if rng.random() < 0.15:
            self.lock(cv)
            self.civ[cv.id] = (cv, lo, max(lo, hi))
            extra = self.cond(1)
            del self.civ[cv.id]
            self.unlock(cv)
            cond = '%s && %s' % (cond, paren(extra, BINPREC['&&'] + 1))
        self.emit('for (%s%s = %s; %s; %s)' % (decl, n, init, cond, upd))
        self.loop_body(cv, lo, hi, t, self.sub_stmt)
        self.pop()
        return True

    def counted_start(self):
        cv = self.counter_var()
        wrapped = cv is None
        if wrapped:
            self.open_block()
            cv = self.g.new_obj(self.fresh_name(), T_INT, 'local', self.level())
            self.emit('int %s = 0;' % cv.name)
            self.declare(cv)
        else:
            self.emit('%s = 0;' % cv.name)
        return cv, wrapped

    def while_stmt(self):
        t, _ = self.trips()
        if t is None:
            return self.if_stmt()
        rng = self.rng
        cv, wrapped = self.counted_start()
        n = cv.name
        form = rng.randrange(3)
        first = None
        if form == 0:
            self.emit('while (%s++ < %d)' % (n, t))
        elif form == 1:
            self.emit('while ((%s += 1) <= %d)' % (n, t))
        else:
            self.emit('while (%s < %d)' % (n, t))
            first = lambda: self.emit(rng.choice(['%s++;', '++%s;', '%s = %s + 1;', '%s += 1;']).replace('%s', n))
        self.loop_body(cv, 1, t, t, lambda: self.block(rng.randrange(1, 5), first=first))
        if wrapped:
            self.close_block()
        return True

    def do_stmt(self):
        t, _ = self.trips()
        if t is None:
            return self.if_stmt()
        t = max(t, 1)
        rng = self.rng
        cv, wrapped = self.counted_start()
        n = cv.name
        self.emit('do')
        first = lambda: self.emit(rng.choice(['%s++;', '++%s;', '%s = %s + 1;', '%s += 1;']).replace('%s', n))
        self.loop_body(cv, 1, t, t, lambda: self.block(rng.randrange(1, 5), first=first))
        self.out[-1] += ' while (%s < %d);' % (n, t)
        if wrapped:
            self.close_block()
        return True

    def switch_stmt(self):
        rng = self.rng
        if rng.random() < 0.2:
            for _ in range(4):
                a = self.pick('i', False)
                if a is not None and a.ty in CHAR_TYS:
                    break
            else:
                a = None
            if a is not None:
                self.emit('switch ((int)%s) {' % paren_t(a.text, a.prec, P_UNARY))
                items = rng.sample(["'a'", "'e'", "' '", "'\\0'", "'x'", "'0'", "'\\n'", "'Z'", '65', '-1'],
                                   rng.randrange(1, 5))
                return self.switch_body(items)
        k = rng.choice([4, 8, 16])
        e = self.ie(2)
        if rng.random() < 0.5:
            c = self.kint(k - 1)
            e = self.bin_node('&', e, c, int_binop('&', e, c))
        else:
            e = self.nonneg(e)
            c = self.kint(k)
            e = self.bin_node('%', e, c, int_binop('%', e, c))
        text = e.text if e.ty is T_INT else '(int)(%s)' % e.text
        self.emit('switch (%s) {' % text)
        vals = rng.sample(range(k + 2), rng.randrange(1, min(6, k) + 1))
        return self.switch_body([str(v) for v in vals])

    def switch_body(self, items):
        rng = self.rng
        if rng.random() < 0.6:
            items.insert(rng.randrange(len(items) + 1), None)
        self.breakable += 1
        self.push()
        for it in items:
            self.emit('case %s:' % it if it is not None else 'default:')
            self.ind += 1
            for _ in range(rng.randrange(1, 3)):
                if rng.random() < 0.25:
                    self.block(rng.randrange(1, 3))
                else:
                    self.stmt(allow_decl=False)
            if rng.random() < 0.75:
                self.emit('break;')
            self.ind -= 1
        self.pop()
        self.breakable -= 1
        self.close_brace()
        return True

    def goto_label(self):
        if self.pending and self.rng.random() < 0.6:
            return self.rng.choice(self.pending)
        name = None
        if self.rng.random() < 0.3:
            cand = self.rng.choice(T_LOCAL_NAMES)
            if cand not in self.labels_used:
                name = cand
        if name is None:
            self.g.uniq += 1
            name = 'L%d' % self.g.uniq
        self.labels_used.add(name)
        self.pending.append(name)
        return name

    def rare_cond(self):
        c = self.cond()
        if self.rng.random() < 0.7:
            k = self.iconst(self.rng.randrange(3, 12))
            c = TN('%s %s %s' % (paren(c, 10), self.rng.choice(['==', '==', '>']), k.text), 9, T_INT, 0, 1)
        return c

    def jump_stmt(self, allow_if=True):
        if self.nojump or self.is_main:
            return False
        opts = ['goto']
        if self.loops:
            opts += ['continue', 'break']
        if self.breakable:
            opts.append('break')
        kind = self.rng.choice(opts)
        text = 'goto %s;' % self.goto_label() if kind == 'goto' else kind + ';'
        if allow_if:
            c = self.rare_cond()
            self.emit('if (%s)' % c.text)
            self.ind += 1
            self.emit(text)
            self.ind -= 1
        else:
            self.emit(text)
        return True

    def ret_value(self):
        """the text of `return ...;`, or None"""
        f = self.func
        rng = self.rng
        if f.retkind == 'void':
            return 'return;'
        if f.retkind == 'lit':
            return 'return %s;' % self.strlit(f.retpi.rhi)[0]
        if f.retkind == 'pp':
            p = self.params[0]
            if self.lookup(p.name) is not p:
                return None
            k0 = p.pi.rhi + 1
            i = self.index(0, k0 - (f.retpi.rhi + 1))
            if i.lo == i.hi == 0 and rng.random() < 0.5:
                return 'return %s;' % p.name
            if rng.random() < 0.5:
                return 'return &%s[%s];' % (p.name, i.text)
            return 'return %s + %s;' % (p.name, paren(i, BINPREC['+'] + 1))
        if f.ret.k in 'su':
            e = self.se(f.ret)
            if e is None:
                return None
            return 'return %s;' % e.text
        e = self.num(rng.randrange(0, 4), f.ret)
        return 'return %s;' % e.text

    def ret_stmt(self, allow_if=True):
        if self.nojump or self.is_main:
            return False
        if allow_if:
            c = self.rare_cond()
        t = self.ret_value()
        if t is None:
            return False
        if allow_if:
            self.emit('if (%s)' % c.text)
            self.ind += 1
        self.emit(t)
        if allow_if:
            self.ind -= 1
        return True

    # ----------------------------------------------------------- idioms
    def name_not_in(self, text, extra=()):
        """a fresh local name that does not occur in text"""
        words = set(_IDENT.findall(text)) | set(extra)
        for _ in range(10):
            n = self.local_name()
            if n not in words:
                return n
        self.g.uniq += 1
        return 'tmp%d' % self.g.uniq

    def bindings(self, text, *objs):
        """what the names in text (and of objs) refer to now"""
        b = [(o.name, o) for o in objs]
        for w in _IDENT.findall(text):
            o = self.lookup(w)
            if o is not None:
                b.append((w, o))
        return b

    def opaque(self, name):
        """a name declared by an idiom, hidden from the rest of the generator"""
        self.declare(self.g.new_obj(name, T_VOID, 'local', self.level()))

    def ptr_loop(self):
        """a loop with a pointer running over an array"""
        rng = self.rng
        hi = T_MAX_MULT // self.mult
        if hi <= 1:
            return False
        cs = [o for o in self.visible() if o.ty.k in 'asu' or (o.ty.k == 'p' and o.ty.to.k != 'v')]
        if not cs:
            return False
        o = rng.choice(cs)
        lockobj = None
        if o.ty.k == 'p':
            if o.pi is None or o.pi.rhi < 0 or o.pi.rlo > 0:
                return False
            elem, P, base, lockobj = o.ty.to, o.pi, o.name, o
        else:
            keys = [t.key for t, _ in SCALAR_W] + [t.key for t in self.g.types[-10:]]
            keys = [k for k in keys if t_reach(o.ty, ('a', k), False)]
            if not keys:
                return False
            a = self.walk(o, ('a', rng.choice(keys)), False, const_idx=True)
            if a is None:
                return False
            if a.bases is not None:
                if a.obj.ty.k != 'p':
                    return False
                lockobj = a.obj
            elem = a.ty.to
            n = a.ty.n
            cstr = elem in CHAR_TYS and not a.nocstr
            P = PI(0, n - 1, 0, (n - 2 if cstr else n - 1) if a.wok else -1, cstr, self.acc_bases(a), a.depth)
            base = a.text
            if a.bases is None:
                o.addr = True
        m = min(P.rhi + 1, hi)
        if m < 1:
            return False
        if rng.random() < 0.25:
            m = rng.randrange(1, m + 1)
        w = P.wlo <= 0 and P.whi >= m - 1
        q = self.name_not_in(base)
        pt = ptr_to(elem)
        bp = paren_t(base, P_POSTFIX if _IDENT.fullmatch(base) else 0, BINPREC['+'])
        if lockobj is not None:
            self.lock(lockobj)
        form = rng.random()
        if form < 0.8:
            self.push()
        else:
            self.open_block()
        if form < 0.55:
            qo = self.g.new_obj(q, pt, 'local', self.level(), PI(0, 0, 0, 0 if w else -1, False, P.bases, P.depth))
            qo.fixed = True
            cond = rng.choice(['%s < %s + %d', '%s != %s + %d']) % (q, bp, m)
            upd = rng.choice(['%s++', '++%s', '%s += 1', '%s = %s + 1']).replace('%s', q)
            self.emit('for (%s = %s; %s; %s)' % (t_decl(pt, q, rng), base, cond, upd))
            self.declare(qo)
            self.extra.append((TN('%s - %s' % (q, bp), BINPREC['-'], T_LONG, 0, m - 1), self.bindings(base, qo)))
            self.loop_body(None, 0, 0, m, self.sub_stmt)
            self.extra.pop()
        elif form < 0.8:
            qo = self.g.new_obj(q, pt, 'local', self.level(),
                                PI(-1, -1, -1, -1 if w else -2, False, P.bases, P.depth))
            qo.fixed = True
            self.emit('for (%s = %s + %d; %s > %s; %s)' % (t_decl(pt, q, rng), bp, m, q, base,
                                                             rng.choice(['%s--', '--%s', '%s -= 1']).replace('%s', q)))
            self.declare(qo)
            self.extra.append((TN('%s - %s' % (q, bp), BINPREC['-'], T_LONG, 1, m), self.bindings(base, qo)))
            self.loop_body(None, 0, 0, m, self.sub_stmt)
            self.extra.pop()
        else:
            qo = self.g.new_obj(q, pt, 'local', self.level(), PI(0, 0, 0, 0 if w else -1, False, P.bases, P.depth))
            qo.fixed = True
            self.emit('%s = %s;' % (t_decl(pt, q, rng), base))
            self.declare(qo)
            self.emit('while (%s < %s + %d)' % (q, bp, m))
            self.reserved.add(q)
            self.loop_body(None, 0, 0, m, lambda: self.block(
                rng.randrange(1, 4), last=lambda: self.emit(rng.choice(['%s++;', '++%s;', '%s += 1;']).replace('%s', q))),
                cont=False)
            self.reserved.discard(q)
        if form < 0.8:
            self.pop()
        else:
            self.close_block()
        if lockobj is not None:
            self.unlock(lockobj)
        return True

    def str_loop(self):
        """a loop over the characters of a string"""
        rng = self.rng
        if self.mult * MAXSTR > T_MAX_MULT * 2:
            return False
        ct = rng.choice([T_CHAR, T_CHAR, T_CHAR, T_UCHAR, T_SCHAR])
        s = self.pe(ct, PI(0, 0, 0, -1, True, None, 0), simple=True)
        if s is None:
            return False
        P = s.pi
        strw = P.wlo <= 0 <= P.whi and P.whi >= P.rhi - 1
        q = self.name_not_in(s.text)
        pt = ptr_to(ct)
        form = rng.randrange(3)
        if form == 0:
            self.push()
            qo = self.g.new_obj(q, pt, 'local', self.level(), PI(0, 1, 0, 0 if strw else -1, True, P.bases, P.depth))
            qo.fixed = True
            cond = rng.choice(['*%s', "*%s != '\\0'", '*%s != 0', '%s[0]']) % q
            self.emit('for (%s = %s; %s; %s++)' % (t_decl(pt, q, rng), s.text, cond, q))
            self.declare(qo)
            self.loop_body(None, 0, 0, MAXSTR, self.sub_stmt)
            self.pop()
            return True
        self.open_block()
        qo = self.g.new_obj(q, pt, 'local', self.level(), PI(0, 0, 0, -1, True, P.bases, P.depth))
        qo.fixed = True
        self.emit('%s = %s;' % (t_decl(pt, q, rng), s.text))
        self.declare(qo)
        if form == 1:
            L = self.name_not_in(s.text, [q])
            lo = self.g.new_obj(L, T_INT, 'local', self.level())
            self.emit('int %s = 0;' % L)
            self.emit(rng.choice(['while (%s[%s])', "while (%s[%s] != '\\0')", 'while (%s[%s] != 0)']) % (q, L))
            self.ind += 1
            self.emit(rng.choice(['%s++;', '++%s;', '%s += 1;']).replace('%s', L))
            self.ind -= 1
            self.cost += self.mult * MAXSTR
            self.declare(lo)
            self.mix_stmt(TN(L, P_POSTFIX, T_INT, 0, MAXSTR - 1))
        else:
            c = self.name_not_in(s.text, [q])
            co = self.g.new_obj(c, ct, 'local', self.level())
            self.emit('%s = 0;' % t_decl(ct, c, rng))
            self.declare(co)
            qo.pi = PI(-1, 0, 0, -1, True, P.bases, P.depth)
            self.emit(rng.choice(['while ((%s = *%s++) != 0)', "while ((%s = *%s++) != '\\0')"]) % (c, q))
            self.loop_body(None, 0, 0, MAXSTR, self.sub_stmt)
        self.close_block()
        return True

    def heap_block(self):
        """malloc/calloc a block, fill it, use it, free it"""
        rng = self.rng
        n = rng.randrange(2, 13)
        if self.mult * n > T_MAX_MULT * 2:
            return False
        elem = self.pick_type(0.3)
        src = None
        if elem.k in 'su':
            src = self.se(elem, True)
            if src is None and elem.hasptr:
                return False
        use_calloc = not elem.hasptr and (src is None or rng.random() < 0.4)
        cs = elem in CHAR_TYS
        self.open_block()
        self.g.uniq += 1
        hid = 'H%d' % self.g.uniq
        name = self.name_not_in(src.text if src is not None else '')
        pt = ptr_to(elem)
        tn = t_name(elem, rng)
        if use_calloc:
            alloc = rng.choice(['calloc(%d, sizeof(%s))' % (n, tn), 'calloc(%d, sizeof *%s)' % (n, name),
                                'calloc(sizeof(%s), %d)' % (tn, n)])
        else:
            alloc = rng.choice(['malloc(%d * sizeof(%s))' % (n, tn), 'malloc(sizeof(%s) * %d)' % (tn, n),
                                'malloc(%d * sizeof *%s)' % (n, name), 'malloc(sizeof(%s))' % t_name(array_of(elem, n), rng)])
        if rng.random() < 0.2:
            alloc = '(%s)%s' % (t_name(pt, rng), alloc)
        o = self.g.new_obj(name, pt, 'local', self.level(),
                           PI(0, n - 1, 0, n - 2 if cs else n - 1, cs, frozenset([hid]), self.level()))
        o.fixed = True
        self.emit('%s = %s;' % (t_decl(pt, name, rng), alloc))
        self.declare(o)
        saved = (self.loops, self.breakable)
        self.loops = self.breakable = 0
        self.nojump += 1
        if not use_calloc:
            m = n - 1 if cs else n
            self.push()
            k = self.g.new_obj(self.name_not_in(src.text if src is not None else '', [name]),
                               T_INT, 'local', self.level())
            self.declare(k)
            self.emit('for (int %s = 0; %s < %d; %s++)' % (k.name, k.name, m, k.name))
            self.ind += 1
            self.lock(k)
            self.civ[k.id] = (k, 0, m - 1)
            old = self.mult
            self.mult *= m
            val = src if src is not None else self.num(1, elem)
            self.emit('%s[%s] = %s;' % (name, k.name, paren(val, P_ASSIGN)))
            self.mult = old
            del self.civ[k.id]
            self.unlock(k)
            self.ind -= 1
            self.pop()
            if cs:
                self.emit('%s[%d] = 0;' % (name, n - 1))
        for _ in range(rng.randrange(1, 4)):
            self.stmt()
        if elem.k == 'i':
            self.mix_stmt(TN('%s[%d]' % (name, rng.randrange(n)), P_POSTFIX, elem, *T_INV[elem.key]))
        self.emit('free(%s);' % name)
        self.nojump -= 1
        self.loops, self.breakable = saved
        self.close_block()
        return True

    def list_block(self):
        """a linked list built with malloc, walked, and freed"""
        rng = self.rng
        n = rng.randrange(1, 9)
        if self.mult * n * 2 > T_MAX_MULT * 2:
            return False
        self.open_block()
        saved = (self.loops, self.breakable)
        self.loops = self.breakable = 0
        self.nojump += 1
        head = self.local_name()
        nd = self.name_not_in(head)
        st = 'struct lnode'
        self.emit('%s *%s = 0;' % (st, head))
        self.opaque(head)
        self.emit('%s *%s = 0;' % (st, nd))
        self.opaque(nd)
        self.push()
        k = self.g.new_obj(self.name_not_in('', [head, nd]), T_INT, 'local', self.level())
        self.declare(k)
        self.emit('for (int %s = 0; %s < %d; %s++) {' % (k.name, k.name, n, k.name))
        self.ind += 1
        self.lock(k)
        self.civ[k.id] = (k, 0, n - 1)
        old = self.mult
        self.mult *= n
        self.emit('%s = %s;' % (nd, rng.choice(['malloc(sizeof(%s))' % st, 'malloc(sizeof *%s)' % nd])))
        v = self.num(1, T_LONG)
        self.emit('%s->val = %s;' % (nd, paren(v, P_ASSIGN)))
        self.emit('%s->next = %s;' % (nd, head))
        self.emit('%s = %s;' % (head, nd))
        del self.civ[k.id]
        self.unlock(k)
        self.ind -= 1
        self.close_brace()
        self.pop()
        if rng.random() < 0.5:
            self.emit('for (%s = %s; %s != 0; %s = %s->next)' % (nd, head, nd, nd, nd))
        else:
            self.emit('for (%s = %s; %s; %s = %s->next)' % (nd, head, nd, nd, nd))
        self.ind += 1
        if not self.mix_stmt(TN('%s->val' % nd, P_POSTFIX, T_LONG, *T_INV['long'])):
            self.emit(';')
        self.ind -= 1
        self.mult = old
        self.emit('while (%s != 0) {' % head if rng.random() < 0.5 else 'while (%s) {' % head)
        self.ind += 1
        self.emit('%s = %s->next;' % (nd, head))
        self.emit('free(%s);' % head)
        self.emit('%s = %s;' % (head, nd))
        self.ind -= 1
        self.close_brace()
        self.nojump -= 1
        self.loops, self.breakable = saved
        self.close_block()
        return True

    def bytes_block(self):
        """the bytes of an object through an unsigned char (or char) pointer"""
        rng = self.rng
        cs = [o for o in self.visible()
              if o.ty.k != 'v' and not o.ty.padded and not o.ty.hasptr and o.ty.size <= 64]
        if not cs:
            return False
        o = rng.choice(cs)
        sz = o.ty.size
        if self.mult * sz > T_MAX_MULT * 2:
            return False
        o.addr = True
        self.open_block()
        ct = rng.choice([T_UCHAR, T_UCHAR, T_CHAR, T_SCHAR])
        pt = ptr_to(ct)
        bp = self.name_not_in(o.name)
        src = o.name if o.ty.k == 'a' and rng.random() < 0.5 else '&' + o.name
        self.emit('%s = (%s)%s;' % (t_decl(pt, bp, rng), t_name(pt, rng), src))
        bo = self.g.new_obj(bp, pt, 'local', self.level(),
                            PI(0, sz - 1, 0, -1, False, frozenset([o.id]), 0 if o.stateful else o.depth))
        bo.fixed = True
        self.declare(bo)
        self.push()
        k = self.g.new_obj(self.name_not_in(o.name, [bp]), rng.choice([T_INT, T_ULONG, T_UINT]), 'local', self.level())
        self.declare(k)
        bound = rng.choice(['sizeof %s' % o.name, 'sizeof(%s)' % t_name(o.ty, rng), str(sz)])
        if k.ty is T_INT and rng.random() < 0.5:
            bound = '(int)' + (bound if bound.startswith('sizeof(') or bound.isdigit() else '(%s)' % bound)
        self.emit('for (%s = 0; %s < %s; %s++)' % (t_decl(k.ty, k.name, rng), k.name, bound, k.name))
        self.lock(k)
        self.civ[k.id] = (k, 0, sz - 1)
        old = self.mult
        self.mult *= sz
        self.ind += 1
        if not self.mix_stmt(TN('%s[%s]' % (bp, k.name), P_POSTFIX, ct, *T_INV[ct.key])):
            self.emit(';')
        self.ind -= 1
        self.mult = old
        del self.civ[k.id]
        self.unlock(k)
        self.pop()
        self.close_block()
        return True

    # ----------------------------------------------------------- function
    def body(self, nstmts):
        rng = self.rng
        f = self.func
        if f.ret.k in 'su':
            o = self.new_local(f.ret)
            self.hidden(o.name)
            init = self.init_text(f.ret, False)
            self.unhide()
            self.emit('%s = %s;' % (t_decl(f.ret, o.name, rng), init))
            self.declare(o)
        for _ in range(rng.randrange(1, 6)):
            self.decl()
        for _ in range(nstmts):
            if self.pending and rng.random() < 0.15:
                self.place_label()
            self.stmt(allow_decl=False, top=True)
        placed = bool(self.pending)
        while self.pending:
            self.place_label()
        if f.retkind == 'void':
            if placed or rng.random() < 0.3:
                self.emit('return;')
            return
        t = None
        for _ in range(5):
            t = self.ret_value()
            if t is not None:
                break
        assert t is not None, f.name
        self.emit(t)

    def place_label(self):
        name = self.pending.pop(self.rng.randrange(len(self.pending)))
        self.ind -= 1
        self.emit('%s:' % name)
        self.ind += 1

    def provide(self, pty, req):
        """(main) declare a local that can be passed for a parameter of type pty"""
        rng = self.rng
        if pty.k == 'p':
            elem = pty.to
            n = max(req.rhi + 1, 1) + rng.randrange(0, 4)
            if req.cstr:
                n = max(n, req.rhi + 2)
            ty = array_of(elem, n)
        else:
            ty = pty
        o = self.new_local(ty)
        self.emit('%s = %s;' % (t_decl(ty, o.name, rng), self.init_text(ty, False)))
        self.declare(o)


_IDENT = re.compile(r'[A-Za-z_][A-Za-z_0-9]*')
LIT_BASES = frozenset(['lit'])


class TGen:
    """Generates a whole program with --types."""

    def __init__(self, seed, lines, do_print):
        self.rng = random.Random(seed)
        self.target = lines
        self.do_print = do_print
        self.objs = []
        self.stateful = set()
        self.globals = []
        self.funcs = []
        self.nuser = 0
        self.types = []
        self.hs = {}
        self.gptr_inits = []
        self.uniq = 0
        self.out = []

    def new_obj(self, name, ty, kind, depth, pi=None):
        o = TObj(len(self.objs), name, ty, kind, depth, pi)
        self.objs.append(o)
        if o.stateful:
            self.stateful.add(o.id)
        return o

    def scalar(self):
        r = self.rng.random() * 78
        for t, w in SCALAR_W:
            r -= w
            if r < 0:
                return t
        return T_INT

    # ------------------------------------------------------------- types
    def layout(self, ty):
        if ty.k == 'u':
            ty.size = max(mt.size for _, mt in ty.members)
            ty.align = max(mt.align for _, mt in ty.members)
            ty.padded = ty.members[0][1].size != ty.size or ty.size % ty.align != 0
            ty.hasptr = any(mt.hasptr for _, mt in ty.members)
            return
        off, al, padded = 0, 1, False
        for _, mt in ty.members:
            if off % mt.align:
                padded = True
                off += mt.align - off % mt.align
            off += mt.size
            al = max(al, mt.align)
            padded = padded or mt.padded
        if off % al:
            padded = True
            off += al - off % al
        ty.size, ty.align, ty.padded = off, al, padded
        ty.hasptr = any(mt.hasptr for _, mt in ty.members)
        ty.cstrm = any(mt.k == 'p' or scalar_of(mt).cstrm for _, mt in ty.members)

    def new_union(self):
        rng = self.rng
        tag = 'u%d' % len(self.types)
        ty = Ty('u', 'union ' + tag)
        if rng.random() < 0.6:
            first = rng.choice([('w', T_ULONG), ('l', T_LONG), ('b', array_of(T_UCHAR, 8)),
                                ('h', array_of(T_UINT, 2))])
            rest = [('i', T_INT), ('u', T_UINT), ('b', array_of(T_UCHAR, 8)), ('c', array_of(T_CHAR, 8)),
                    ('d', T_DBL), ('d', T_DBL), ('l', T_LONG), ('h', array_of(T_UINT, 2)),
                    ('s', array_of(T_SCHAR, 8)), ('k', array_of(T_INT, 2)), ('uc', T_UCHAR)]
        else:
            first = rng.choice([('w', T_UINT), ('i', T_INT), ('b', array_of(T_UCHAR, 4))])
            rest = [('i', T_INT), ('u', T_UINT), ('b', array_of(T_UCHAR, 4)), ('c', array_of(T_CHAR, 4)),
                    ('s', array_of(T_SCHAR, 4)), ('uc', T_UCHAR), ('ch', T_CHAR)]
        ms = [first]
        for _ in range(rng.randrange(1, 4)):
            m = rng.choice(rest)
            if all(m[0] != x[0] for x in ms):
                ms.append(m)
        ty.members = ms
        self.layout(ty)
        return ty

    def new_struct(self):
        rng = self.rng
        if self.types and rng.random() < 0.2:
            ty = self.new_union()
        else:
            tag = 's%d' % len(self.types)
            ty = Ty('s', 'struct ' + tag)
            names = rng.sample(MEMBER_NAMES, rng.randrange(2, 7))
            prev = [t for t in self.types if t.size <= 64]
            size = 0
            for name in names:
                r = rng.random()
                if r < 0.42:
                    mt = self.scalar()
                elif r < 0.57:
                    mt = array_of(self.scalar(), rng.randrange(2, 7))
                elif r < 0.67:
                    mt = array_of(rng.choice(CHAR_TYS), rng.randrange(4, 13))
                elif r < 0.74:
                    mt = ptr_to(T_CHAR)
                    ty.mpi[name] = PI(0, rng.randrange(0, 4), 0, -1, True, LIT_BASES, 0)
                elif r < 0.9 and prev:
                    mt = rng.choice(prev)
                elif r < 0.95 and prev:
                    mt = rng.choice(prev)
                    mt = array_of(mt, rng.randrange(2, 4)) if mt.size <= 40 else mt
                else:
                    mt = self.scalar()
                if size + mt.size > 256:
                    mt = T_INT
                size += mt.size
                ty.members.append((name, mt))
            self.layout(ty)
        rng_lines = ['%s {' % ty.key]
        for name, mt in ty.members:
            rng_lines.append('    %s;' % t_decl(mt, name, rng))
        rng_lines.append('};')
        self.out.extend(rng_lines)
        self.out.append('')
        self.types.append(ty)
        self.hash_fn(ty)

    def hash_fn(self, ty):
        """unsigned long hs_<tag>(T *p): a hash of all the members"""
        rng = self.rng
        tag = ty.key.split()[1]
        name = 'hs_' + tag
        lines = ['unsigned long %s(%s) {' % (name, t_decl(ptr_to(ty), 'p', rng)),
                 '    unsigned long h = %d;' % rng.randrange(1, 100000)]
        cost = 2
        ms = ty.members[:1] if ty.k == 'u' else ty.members
        if any(mt.k == 'a' for _, mt in ms):
            lines.append('    int i;')
        mul = rng.choice(['31', '33', '131', '1000003', '0x100000001b3UL'])

        def one(acc, mt):
            if mt.k == 'i':
                return acc
            if mt.k == 'd':
                return '(unsigned long)(long)(%s * 64.0)' % acc
            if mt.k == 'p':
                return 'hash_str(%s)' % acc
            return '%s(&%s)' % (self.hs[mt.key].name, acc)
        for mname, mt in ms:
            acc = 'p->' + mname
            if mt.k == 'a':
                lines.append('    for (i = 0; i < %d; i++)' % mt.n)
                lines.append('        h = h * %s + %s;' % (mul, one(acc + '[i]', mt.to)))
                cost += mt.n * (1 + (self.hs[mt.to.key].cost if mt.to.k in 'su' else 0))
            else:
                lines.append('    h = h * %s + %s;' % (mul, one(acc, mt)))
                cost += 1 + (self.hs[mt.key].cost if mt.k in 'su' else 0) + (MAXSTR if mt.k == 'p' else 0)
            if rng.random() < 0.3:
                lines.append('    h ^= h >> %d;' % rng.randrange(7, 40))
        lines.append('    return h;')
        lines.append('}')
        lines.append('')
        self.out.extend(lines)
        f = TFunc(name, T_ULONG, [('p', ptr_to(ty), req_pi(1, False))])
        f.cost = cost
        self.funcs.append(f)
        self.hs[ty.key] = f

    # ------------------------------------------------------------- globals
    def new_global(self):
        rng = self.rng
        name = 'g%d' % len(self.globals)
        static = rng.random() < 0.3
        kind = 'static_global' if static else 'global'
        r = rng.random()
        pi = None
        fixed = False
        if r < 0.38:
            ty = self.scalar()
        elif r < 0.52:
            ty = array_of(self.scalar(), rng.randrange(2, 17))
        elif r < 0.58:
            ty = array_of(rng.choice(CHAR_TYS), rng.randrange(4, MAXSTR + 1))
        elif r < 0.63:
            ty = array_of(array_of(self.scalar(), rng.randrange(2, 6)), rng.randrange(2, 5))
        elif r < 0.77 and self.types:
            ty = rng.choice(self.types[-10:])
        elif r < 0.85 and self.types:
            ty = array_of(rng.choice(self.types[-10:]), rng.randrange(2, 5))
        elif r < 0.89:
            ty = ptr_to(T_CHAR)
            pi = PI(0, rng.randrange(0, 4), 0, -1, True, LIT_BASES, 0)
        elif r < 0.92:
            ty = array_of(ptr_to(T_CHAR), rng.randrange(2, 5))
            pi = PI(0, rng.randrange(0, 3), 0, -1, True, LIT_BASES, 0)
        else:
            arrs = [o for o in self.globals if o.ty.k == 'a' and o.ty.to.k in 'id']
            if not arrs:
                ty = self.scalar()
            else:
                a = rng.choice(arrs)
                n = a.ty.n
                cs = a.ty.to in CHAR_TYS
                ty = ptr_to(a.ty.to)
                k = rng.randrange(0, n)
                pi = PI(-k, n - 1 - k, -k, (n - 2 if cs else n - 1) - k, cs, frozenset([a.id]), 0)
                fixed = True
                self.gptr_inits.append('%s = %s;' % (name, a.name if k == 0 else
                                                     rng.choice(['%s + %d', '&%s[%d]']) % (a.name, k)))
        o = self.new_obj(name, ty, kind, 0, pi)
        o.fixed = fixed
        pre = 'static ' if static else ''
        if not static and rng.random() < 0.1:
            self.out.append('extern %s;' % t_decl(ty, name, rng))
        fg = TFG(self, [], fname='(globals)')
        if fixed:
            self.out.append('%s%s;' % (pre, t_decl(ty, name, rng)))
        elif ty.k == 'p':
            self.out.append('%s%s = %s;' % (pre, t_decl(ty, name, rng), fg.strlit(pi.rhi)[0]))
        elif ty.k == 'a' and ty.to.k == 'p':
            self.out.append('%s%s = {%s};' % (pre, t_decl(ty, name, rng),
                                              ', '.join(fg.strlit(pi.rhi)[0] for _ in range(ty.n))))
        elif ty.hasptr or rng.random() < 0.65:
            self.out.append('%s%s = %s;' % (pre, t_decl(ty, name, rng), fg.init_text(ty, True)))
        else:
            self.out.append('%s%s;' % (pre, t_decl(ty, name, rng)))
        self.globals.append(o)

    # ------------------------------------------------------------- functions
    def param_list(self, retkind):
        rng = self.rng
        n = min(6, int(rng.expovariate(1 / 2.2)))
        ps = []
        names = []
        if retkind == 'pp':
            elem = self.pick_elem()
            k0 = rng.randrange(2, 13)
            ps.append((elem, 'p', k0, rng.random() < 0.5, False))
        while len(ps) < n + (1 if retkind == 'pp' else 0):
            r = rng.random()
            if r < 0.45:
                ps.append((self.scalar(), 'v', 0, False, False))
            elif r < 0.7:
                elem = self.pick_elem()
                k = 1 if rng.random() < 0.35 else rng.randrange(2, 17)
                ps.append((elem, 'p', k, rng.random() < 0.5, False))
            elif r < 0.77:
                k = rng.randrange(1, 5)
                ps.append((rng.choice([T_CHAR, T_CHAR, T_UCHAR, T_SCHAR]), 'p', k,
                           k >= 2 and rng.random() < 0.3, True))
            elif r < 0.85 and self.types:
                ps.append((rng.choice(self.types[-12:]), 'v', 0, False, False))
            elif r < 0.95 and self.types:
                ps.append((rng.choice(self.types[-12:]), 'p', rng.randrange(1, 4), rng.random() < 0.5, False))
            else:
                elem = array_of(self.scalar(), rng.randrange(2, 6))
                ps.append((elem, 'p', rng.randrange(1, 5), rng.random() < 0.5, False))
        params = []
        for ty, how, k, writes, cstr in ps:
            for _ in range(20):
                nm = rng.choice(PARAM_NAMES) if rng.random() < 0.85 else 'p%d' % len(params)
                if nm not in names:
                    break
            else:
                nm = 'p%d' % len(params)
            names.append(nm)
            if how == 'v':
                params.append((nm, ty, None))
            else:
                params.append((nm, ptr_to(ty), req_pi(k, writes, cstr)))
        return params

    def pick_elem(self):
        if self.types and self.rng.random() < 0.2:
            return self.rng.choice(self.types[-12:])
        t = self.scalar()
        return t

    def param_text(self, name, ty, req):
        rng = self.rng
        if ty.k == 'p' and rng.random() < 0.25:
            if rng.random() < 0.5:
                return t_decl(ty.to, name + '[]', rng)
            return t_decl(ty.to, '%s[%d]' % (name, req.rhi + 1), rng)
        return t_decl(ty, name, rng)

    def new_func(self):
        rng = self.rng
        name = 'f%d' % self.nuser
        self.nuser += 1
        r = rng.random()
        retkind, retpi = 'val', None
        if r < 0.27:
            ret = T_INT
        elif r < 0.35:
            ret = T_UINT
        elif r < 0.46:
            ret = T_LONG
        elif r < 0.54:
            ret = T_ULONG
        elif r < 0.58:
            ret = rng.choice(CHAR_TYS)
        elif r < 0.68:
            ret = T_DBL
        elif r < 0.8 and self.types:
            ret = rng.choice(self.types[-12:])
        elif r < 0.92:
            ret, retkind = T_VOID, 'void'
        elif r < 0.96:
            ret, retkind = ptr_to(T_CHAR), 'lit'
            retpi = PI(0, rng.randrange(0, 4), 0, -1, True, LIT_BASES, 0)
        else:
            retkind = 'pp'
            ret = None
        params = self.param_list(retkind)
        if retkind == 'pp':
            p0 = params[0]
            ret = p0[1]
            k0 = p0[2].rhi + 1
            kr = rng.randrange(1, k0 + 1)
            retpi = PI(0, kr - 1, 0, kr - 1 if p0[2].writable() else -1, False, None, 0)
        f = TFunc(name, ret, params, retkind, retpi)
        fg = TFG(self, params, fname=name)
        fg.func = f
        fg.body(rng.randrange(3, 14))
        f.W, f.wp = fg.W, fg.wp
        f.pure = not f.W and not f.wp
        f.cost = fg.cost + 1
        static = 'static ' if rng.random() < 0.1 else ''
        sig = ', '.join(self.param_text(n, t, q) for n, t, q in params) or 'void'
        if rng.random() < 0.1:
            if rng.random() < 0.5:
                alt = ', '.join(t_name(t, rng) for n, t, q in params) or 'void'
            else:
                alt = ', '.join(t_decl(t, 'q%d' % i, rng) for i, (n, t, q) in enumerate(params)) or 'void'
            self.out.append('%s%s;' % (static, t_decl(ret, '%s(%s)' % (name, alt), rng)))
        self.out.append('%s%s {' % (static, t_decl(ret, '%s(%s)' % (name, sig), rng)))
        self.out.extend(fg.out)
        self.out.append('}')
        self.out.append('')
        self.funcs.append(f)

    # ------------------------------------------------------------- main
    def mix_lines(self, text, ty, pi, depth=0):
        """statements folding the object `text` into checksum (in main)"""
        k = ty.k
        if k == 'i':
            return ['checksum = checksum * 31 + %s;' % text]
        if k == 'd':
            return ['checksum = checksum * 31 + (unsigned long)(long)(%s * 16.0);' % text]
        if k == 'p':
            if pi is not None and pi.cstr and ty.to is T_CHAR:
                return ['checksum = checksum * 31 + hash_str(%s);' % text]
            return []
        if k in 'su':
            return ['checksum = checksum * 31 + %s(&%s);' % (self.hs[ty.key].name, text)]
        if k == 'a':
            c = ('mi', 'mj', 'mk')[depth]
            inner = self.mix_lines('%s[%s]' % (text, c), ty.to, pi, depth + 1)
            if not inner:
                return []
            lines = ['for (%s = 0; %s < %d; %s++)' % (c, c, ty.n, c)]
            if len(inner) > 1:
                lines.append('{')
                lines += ['    ' + x for x in inner]
                lines.append('}')
            else:
                lines += ['    ' + x for x in inner]
            return lines
        return []

    def main(self):
        rng = self.rng
        fg = TFG(self, [], is_main=True, fname='main')
        fg.func = TFunc('main', T_INT, [])
        for line in ['unsigned long checksum = 0;', 'int mi = 0;', 'int mj = 0;', 'int mk = 0;'] + self.gptr_inits:
            fg.emit(line)
        for _ in range(rng.randrange(3, 8)):
            fg.decl()
        pr = 'print_ul(checksum);'
        for f in self.funcs:
            if not f.name.startswith('f') or rng.random() < 0.08:
                continue
            args = fg.call_args(f)
            if args is None:
                continue
            node = fg.call_node(f, args)
            c = node.text
            if f.retkind == 'void':
                fg.emit('%s;' % c)
            elif f.retkind == 'lit':
                fg.emit('checksum = checksum * 31 + hash_str(%s);' % c)
            elif f.retkind == 'pp':
                e = f.ret.to
                if e.k in 'su':
                    fg.emit('checksum = checksum * 31 + %s(%s);' % (self.hs[e.key].name, c))
                elif e.k == 'd':
                    fg.emit('checksum = checksum * 31 + (unsigned long)(long)(*%s * 16.0);' % c)
                elif e.k == 'a':
                    fg.emit('checksum = checksum * 31 + (unsigned long)(*%s)[0];' % c)
                else:
                    fg.emit('checksum = checksum * 31 + *%s;' % c)
            elif f.ret.k in 'su':
                fg.emit('{')
                fg.emit('    %s = %s;' % (t_decl(f.ret, 'r', rng), c))
                fg.emit('    checksum = checksum * 31 + %s(&r);' % self.hs[f.ret.key].name)
                fg.emit('}')
            elif f.ret.k == 'd':
                fg.emit('checksum = checksum * 31 + (unsigned long)(long)(%s * 16.0);' % c)
            else:
                m = rng.randrange(3)
                if m == 0:
                    fg.emit('checksum = checksum * 31 + %s;' % c)
                elif m == 1:
                    fg.emit('checksum = (checksum ^ %s) * 1099511628211UL;' % c)
                else:
                    fg.emit('checksum += %s;' % c)
                    fg.emit('checksum = checksum * 7 + (checksum >> 29);')
            if self.do_print:
                fg.emit(pr)
        for o in self.globals:
            for line in self.mix_lines(o.name, o.ty, o.pi):
                fg.emit(line)
        for o in list(fg.scopes[1].values()):
            if o.ty.k != 'v':
                for line in self.mix_lines(o.name, o.ty, o.pi):
                    fg.emit(line)
        if self.do_print:
            fg.emit(pr)
        fg.emit('return (int)(checksum % 256);')
        self.out.append('int main(void) {')
        self.out.extend(fg.out)
        self.out.append('}')

    def run(self):
        rng = self.rng
        out = self.out
        out.append('/* generated by tools/gen-program.py --types: Writing a C Compiler Part II subset */')
        out += ['void *malloc(unsigned long size);',
                'void *calloc(unsigned long count, unsigned long size);',
                'void free(void *ptr);']
        extra = 0
        if self.do_print:
            helper = ['int putchar(int c);',
                      '',
                      'int print_ul(unsigned long n) {',
                      '    char buf[24];',
                      '    int i = 0;',
                      '    do {',
                      "        buf[i] = (char)('0' + n % 10);",
                      '        i++;',
                      '        n /= 10;',
                      '    } while (n != 0);',
                      '    while (i > 0) {',
                      '        i--;',
                      '        putchar(buf[i]);',
                      '    }',
                      "    putchar('\\n');",
                      '    return 0;',
                      '}']
            out += helper
            extra = len(helper)
        out += ['',
                'struct lnode {',
                '    long val;',
                '    struct lnode *next;',
                '};',
                '',
                'unsigned long hash_str(char *s) {',
                '    unsigned long h = 5381;',
                '    while (*s)',
                '        h = h * 33 + (unsigned char)*s++;',
                '    return h;',
                '}',
                '',
                'unsigned long hash_bytes(void *p, unsigned long n) {',
                '    unsigned char *b = p;',
                '    unsigned long h = 2166136261u;',
                '    unsigned long i;',
                '    for (i = 0; i < n; i++)',
                '        h = (h ^ b[i]) * 16777619u;',
                '    return h;',
                '}',
                '']
        f = TFunc('hash_str', T_ULONG, [('s', ptr_to(T_CHAR), req_pi(1, False, True))])
        f.cost = MAXSTR + 2
        self.funcs.append(f)
        self.hash_bytes = TFunc('hash_bytes', T_ULONG, [])
        for _ in range(3):
            self.new_struct()
        while True:
            est_main = self.nuser * 2.3 + sum(o.ty.size // 8 + 1 for o in self.globals[-1:]) + len(self.globals) * 2 + 12
            if len(out) - extra + est_main >= self.target:
                break
            r = rng.random()
            if r < 0.05 or len(self.types) < 3:
                self.new_struct()
            elif r < 0.3 or not self.globals:
                for _ in range(rng.randrange(1, 4)):
                    self.new_global()
            else:
                self.new_func()
        self.main()
        return '\n'.join(out) + '\n'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--lines', type=int, default=10000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--print', dest='do_print', action='store_true',
                    help='print the running checksum with putchar')
    ap.add_argument('--types', action='store_true',
                    help='use the types of Part II too: long, unsigned, char, double, pointers, '
                         'arrays, strings, structures, unions (not only int)')
    a = ap.parse_args()
    sys.setrecursionlimit(10000)
    gen = TGen if a.types else Gen
    sys.stdout.write(gen(a.seed, a.lines, a.do_print).run())


if __name__ == '__main__':
    main()
