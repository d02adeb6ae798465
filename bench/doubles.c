/* Doubles: Mandelbrot set, Simpson integration, and a small n-body simulation. */
int printf(char *fmt, ...);

#define BODIES 5

struct body {
    double x;
    double y;
    double z;
    double vx;
    double vy;
    double vz;
    double mass;
};

static struct body bodies[5];

double my_sqrt(double a) {
    double x = a > 1.0 ? a : 1.0;
    int i;
    if (a <= 0.0)
        return 0.0;
    for (i = 0; i < 30; i++)
        x = 0.5 * (x + a / x);
    return x;
}

long mandelbrot(int width, int height, int max_iter) {
    long inside = 0;
    int px, py, it;
    double cr, ci, zr, zi, t;
    for (py = 0; py < height; py++) {
        ci = -1.25 + 2.5 * py / height;
        for (px = 0; px < width; px++) {
            cr = -2.0 + 3.0 * px / width;
            zr = 0.0;
            zi = 0.0;
            for (it = 0; it < max_iter; it++) {
                if (zr * zr + zi * zi > 4.0)
                    break;
                t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
            }
            inside += it;
        }
    }
    return inside;
}

double f(double x) {
    return x * x * x - 2.0 * x + 1.0 / (1.0 + x * x);
}

double simpson(double a, double b, int n) {
    double h = (b - a) / n;
    double sum = f(a) + f(b);
    int i;
    for (i = 1; i < n; i++)
        sum += (i % 2 ? 4.0 : 2.0) * f(a + i * h);
    return sum * h / 3.0;
}

void init_bodies(void) {
    int i;
    for (i = 0; i < BODIES; i++) {
        bodies[i].x = i * 1.5 - 3.0;
        bodies[i].y = (i % 2) * 2.0 - 1.0;
        bodies[i].z = i * 0.25;
        bodies[i].vx = 0.01 * (i - 2);
        bodies[i].vy = 0.02 * (2 - i);
        bodies[i].vz = 0.005 * i;
        bodies[i].mass = 1.0 + i * 0.5;
    }
}

void advance(double dt) {
    int i, j;
    double dx, dy, dz, d2, mag;
    struct body *a, *b;
    for (i = 0; i < BODIES; i++) {
        a = &bodies[i];
        for (j = i + 1; j < BODIES; j++) {
            b = &bodies[j];
            dx = a->x - b->x;
            dy = a->y - b->y;
            dz = a->z - b->z;
            d2 = dx * dx + dy * dy + dz * dz + 0.01;
            mag = dt / (d2 * my_sqrt(d2));
            a->vx -= dx * b->mass * mag;
            a->vy -= dy * b->mass * mag;
            a->vz -= dz * b->mass * mag;
            b->vx += dx * a->mass * mag;
            b->vy += dy * a->mass * mag;
            b->vz += dz * a->mass * mag;
        }
    }
    for (i = 0; i < BODIES; i++) {
        bodies[i].x += dt * bodies[i].vx;
        bodies[i].y += dt * bodies[i].vy;
        bodies[i].z += dt * bodies[i].vz;
    }
}

double energy(void) {
    double e = 0.0, dx, dy, dz;
    int i, j;
    for (i = 0; i < BODIES; i++) {
        e += 0.5 * bodies[i].mass * (bodies[i].vx * bodies[i].vx + bodies[i].vy * bodies[i].vy + bodies[i].vz * bodies[i].vz);
        for (j = i + 1; j < BODIES; j++) {
            dx = bodies[i].x - bodies[j].x;
            dy = bodies[i].y - bodies[j].y;
            dz = bodies[i].z - bodies[j].z;
            e -= bodies[i].mass * bodies[j].mass / my_sqrt(dx * dx + dy * dy + dz * dz + 0.01);
        }
    }
    return e;
}

int main(void) {
    long m = mandelbrot(600, 450, 300);
    double s = simpson(-1.0, 2.0, 3000000);
    double e0, e1;
    int step;
    init_bodies();
    e0 = energy();
    for (step = 0; step < 60000; step++)
        advance(0.001);
    e1 = energy();
    printf("doubles: mandel=%ld simpson=%.9f e0=%.9f e1=%.9f x0=%.6f\n", m, s, e0, e1, bodies[0].x);
    return 0;
}
