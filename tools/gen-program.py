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

Usage: gen-program.py [--lines N] [--seed S] [--print]
  --print  also declare putchar() and print the running checksum after every call
           in main (handy for differential testing; not part of the Part I subset
           tests otherwise use).
"""

import argparse
import contextlib
import random
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--lines', type=int, default=10000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--print', dest='do_print', action='store_true',
                    help='print the running checksum with putchar')
    a = ap.parse_args()
    sys.setrecursionlimit(10000)
    sys.stdout.write(Gen(a.seed, a.lines, a.do_print).run())


if __name__ == '__main__':
    main()
