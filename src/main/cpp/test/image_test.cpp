#include "mymodule/image.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "check.h"
#include "image_simd.h"

using namespace mymodule;

namespace {

using Bytes = std::vector<unsigned char>;

Bytes randomBytes(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    Bytes b(n);
    for (auto& v : b) v = static_cast<unsigned char>(rng() & 255);
    return b;
}

Span<const unsigned char> in(const Bytes& b) { return {b.data(), b.size()}; }
Span<unsigned char> out(Bytes& b) { return {b.data(), b.size()}; }

// ---- references: the obvious formulas, pixel by pixel

int reference(int p, int len, Border border) {  // OpenCV's borderInterpolate
    if (p >= 0 && p < len) return p;
    if (border == Border::constant) return -1;
    if (border == Border::replicate) return p < 0 ? 0 : len - 1;
    if (len == 1) return 0;
    while (p < 0 || p >= len) p = p < 0 ? -p : 2 * (len - 1) - p;
    return p;
}

std::vector<long long> referenceKernel(double sigma) {  // OpenCV's 8-bit kernel, written out again
    const int n = static_cast<int>(std::nearbyint(sigma * 6 + 1)) | 1, half = n / 2;
    std::vector<double> g(static_cast<std::size_t>(half));
    double sum = 0;
    for (int i = 0; i < half; ++i) {
        const double x = 2.0 * (i - half);
        sum += g[static_cast<std::size_t>(i)] = std::exp(x * x * (-0.125 / (sigma * sigma)));
    }
    const double inverse = 1 / (sum * 2 + 1);
    std::vector<long long> k(static_cast<std::size_t>(n));
    double error = 0;
    long long total = 0;
    for (int i = 0; i < half; ++i) {
        const double v = g[static_cast<std::size_t>(i)] * inverse * 256 + error;
        const double r = std::nearbyint(v);
        error = v - r;
        k[static_cast<std::size_t>(i)] = k[static_cast<std::size_t>(n - 1 - i)] = static_cast<long long>(r);
        total += static_cast<long long>(r);
    }
    k[static_cast<std::size_t>(half)] = 256 - 2 * total;
    return k;
}

// Direct 2-D convolution with the outer product of the kernel, rounded once.
Bytes referenceBlur(const Bytes& src, int w, int h, int stride, int cn, double sigma, Border border) {
    const auto k = referenceKernel(sigma);
    const int r = static_cast<int>(k.size()) / 2;
    Bytes dst(static_cast<std::size_t>(w * h * cn));
    std::vector<int> ys(k.size()), xs(k.size());
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < cn; ++c) {
                for (int t = -r; t <= r; ++t) {
                    ys[static_cast<std::size_t>(t + r)] = reference(y + t, h, border);
                    xs[static_cast<std::size_t>(t + r)] = reference(x + t, w, border);
                }
                long long sum = 0;
                for (int j = -r; j <= r; ++j)
                    for (int i = -r; i <= r; ++i) {
                        const int sy = ys[static_cast<std::size_t>(j + r)], sx = xs[static_cast<std::size_t>(i + r)];
                        if (sy < 0 || sx < 0) continue;
                        sum += k[static_cast<std::size_t>(j + r)] * k[static_cast<std::size_t>(i + r)] *
                               src[static_cast<std::size_t>(sy * stride + sx * cn + c)];
                    }
                dst[static_cast<std::size_t>((y * w + x) * cn + c)] = static_cast<unsigned char>((sum + 32768) >> 16);
            }
    return dst;
}

void referenceSobel(const Bytes& src, int w, int h, int stride, int cn, Border border, std::vector<short>& dx,
                    std::vector<short>& dy) {
    static const int kx[3][3] = {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}};
    dx.assign(static_cast<std::size_t>(w * h * cn), 0);
    dy = dx;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < cn; ++c) {
                int gx = 0, gy = 0;
                for (int j = -1; j <= 1; ++j)
                    for (int i = -1; i <= 1; ++i) {
                        const int sy = reference(y + j, h, border), sx = reference(x + i, w, border);
                        const int p = sy < 0 || sx < 0 ? 0 : src[static_cast<std::size_t>(sy * stride + sx * cn + c)];
                        gx += kx[j + 1][i + 1] * p;
                        gy += kx[i + 1][j + 1] * p;
                    }
                dx[static_cast<std::size_t>((y * w + x) * cn + c)] = static_cast<short>(gx);
                dy[static_cast<std::size_t>((y * w + x) * cn + c)] = static_cast<short>(gy);
            }
}

// Bilinear with pixel centres aligned and edges clamped, weights as cv::resize computes them; with
// area, OpenCV's INTER_AREA weights for enlarging (the part of the cell past the pixel edge).
Bytes referenceLinear(const Bytes& src, int sw, int sh, int cn, int dw, int dh, bool area = false) {
    auto axis = [area](int s, int d, int i, int& i0, int& i1, int& w0, int& w1) {
        const double inverse = static_cast<double>(d) / s, scale = 1.0 / inverse;
        float f;
        if (area) {
            i0 = static_cast<int>(std::floor(i * scale));
            f = static_cast<float>((i + 1) - (i0 + 1) * inverse);
            f = f <= 0 ? 0.f : f - std::floor(f);
        } else {
            f = static_cast<float>((i + 0.5) * scale - 0.5);
            i0 = static_cast<int>(std::floor(f));
            f -= static_cast<float>(i0);
        }
        if (i0 < 0) f = 0, i0 = 0;
        if (i0 >= s - 1) f = 0, i0 = s - 1;
        i1 = std::min(i0 + 1, s - 1);
        w0 = static_cast<int>(std::lrint((1.f - f) * 2048.f));
        w1 = static_cast<int>(std::lrint(f * 2048.f));
    };
    Bytes dst(static_cast<std::size_t>(dw * dh * cn));
    for (int y = 0; y < dh; ++y)
        for (int x = 0; x < dw; ++x) {
            int y0, y1, b0, b1, x0, x1, a0, a1;
            axis(sh, dh, y, y0, y1, b0, b1);
            axis(sw, dw, x, x0, x1, a0, a1);
            for (int c = 0; c < cn; ++c) {
                auto p = [&](int yy, int xx) { return static_cast<long long>(src[static_cast<std::size_t>((yy * sw + xx) * cn + c)]); };
                const long long v = ((p(y0, x0) * a0 + p(y0, x1) * a1) * b0 + (p(y1, x0) * a0 + p(y1, x1) * a1) * b1 +
                                     (1 << 21)) >> 22;
                dst[static_cast<std::size_t>((y * dw + x) * cn + c)] = static_cast<unsigned char>(v);
            }
        }
    return dst;
}

// OpenCV's INTER_AREA cell of output position i along an axis of s pixels shrunk to d: the source
// pixels it covers, each with its float weight (computeResizeAreaTab), in OpenCV's order.
std::vector<std::pair<int, float>> referenceCell(int s, int d, int i) {
    const double scale = 1.0 / (static_cast<double>(d) / s);
    const double f1 = i * scale, f2 = f1 + scale, width = std::min(scale, s - f1);
    const int s2 = std::min(static_cast<int>(std::floor(f2)), s - 1);
    const int s1 = std::min(static_cast<int>(std::ceil(f1)), s2);
    std::vector<std::pair<int, float>> cell;
    if (s1 - f1 > 1e-3) cell.emplace_back(s1 - 1, static_cast<float>((s1 - f1) / width));
    for (int k = s1; k < s2; ++k) cell.emplace_back(k, static_cast<float>(1.0 / width));
    if (f2 - s2 > 1e-3) cell.emplace_back(s2, static_cast<float>(std::min(std::min(f2 - s2, 1.), width) / width));
    return cell;
}

// Area shrink, pixel by pixel: whole factors as OpenCV's block means ((sum + 2) >> 2 for 2x2, else
// the float sum * (1 / area) rounded half to even); fractional ones as its float cell sums: each
// source row's weighted sum in float, then the rows weighted and added in float, rounded half to even.
Bytes referenceArea(const Bytes& src, int sw, int sh, int cn, int dw, int dh) {
    const double sx = 1.0 / (static_cast<double>(dw) / sw), sy = 1.0 / (static_cast<double>(dh) / sh);
    const bool whole = std::abs(sx - std::nearbyint(sx)) < 2.220446049250313e-16 &&
                       std::abs(sy - std::nearbyint(sy)) < 2.220446049250313e-16;
    const int fx = static_cast<int>(std::nearbyint(sx)), fy = static_cast<int>(std::nearbyint(sy));
    Bytes dst(static_cast<std::size_t>(dw * dh * cn));
    for (int y = 0; y < dh; ++y)
        for (int x = 0; x < dw; ++x)
            for (int c = 0; c < cn; ++c) {
                auto p = [&](int yy, int xx) { return src[static_cast<std::size_t>((yy * sw + xx) * cn + c)]; };
                long q;
                if (whole) {
                    int sum = 0;
                    for (int j = 0; j < fy; ++j)
                        for (int i = 0; i < fx; ++i) sum += p(y * fy + j, x * fx + i);
                    q = fx == 2 && fy == 2 ? (sum + 2) >> 2 : std::lrint(static_cast<float>(sum) * (1.f / static_cast<float>(fx * fy)));
                } else {
                    float total = 0;
                    bool first = true;
                    for (const auto& [row, beta] : referenceCell(sh, dh, y)) {
                        float rowSum = 0;
                        for (const auto& [column, alpha] : referenceCell(sw, dw, x)) rowSum = rowSum + p(row, column) * alpha;
                        total = first ? beta * rowSum : total + beta * rowSum;
                        first = false;
                    }
                    q = std::lrint(total);
                }
                dst[static_cast<std::size_t>((y * dw + x) * cn + c)] = static_cast<unsigned char>(std::min(255L, std::max(0L, q)));
            }
    return dst;
}

// ---- tests

void grayMatchesFixedPointFormula() {
    const int w = 37, h = 5;
    for (int cn : {3, 4}) {
        const Bytes src = randomBytes(static_cast<std::size_t>(w * h * cn), 1);
        for (ChannelOrder order : {ChannelOrder::rgb, ChannelOrder::bgr, ChannelOrder::argb, ChannelOrder::abgr}) {
            if (cn == 3 && (order == ChannelOrder::argb || order == ChannelOrder::abgr)) continue;
            const bool alphaFirst = order == ChannelOrder::argb || order == ChannelOrder::abgr;
            const bool rgb = order == ChannelOrder::rgb || order == ChannelOrder::argb;
            const int g = alphaFirst ? 2 : 1, r = rgb ? g - 1 : g + 1, b = rgb ? g + 1 : g - 1;
            Bytes dst(static_cast<std::size_t>(w * h));
            toGray(order, in(src), w, h, w * cn, cn, out(dst), w, 2);
            bool same = true;
            for (int i = 0; i < w * h; ++i) {
                const unsigned char* p = &src[static_cast<std::size_t>(i * cn)];
                same &= dst[static_cast<std::size_t>(i)] == (9798 * p[r] + 19235 * p[g] + 3735 * p[b] + 16384) >> 15;
            }
            CHECK(same);
        }
    }
    const Bytes gray = randomBytes(12, 2);
    Bytes copy(12);
    toGray(ChannelOrder::rgb, in(gray), 4, 3, 4, 1, out(copy), 4, 1);
    CHECK(copy == gray);
}

void blurMatchesDirectConvolution() {
    struct Case { int w, h, cn; double sigma; };
    const Case cases[] = {{1, 1, 1, 2}, {1, 9, 3, 1}, {11, 1, 4, 1}, {13, 7, 1, 0.5}, {13, 7, 3, 2}, {20, 15, 1, 5},
                          {9, 8, 3, 12}, {40, 30, 1, 1.2}, {4, 3, 1, 150}};
    for (const Case& t : cases)
        for (Border border : {Border::reflect101, Border::replicate, Border::constant}) {
            const int stride = t.w * t.cn + 3;  // a sub-image: 3 bytes of another image after each row
            const Bytes src = randomBytes(static_cast<std::size_t>(stride * t.h), 3);
            const Bytes expected = referenceBlur(src, t.w, t.h, stride, t.cn, t.sigma, border);
            for (int threads : {1, 3}) {
                Bytes dst(expected.size());
                gaussianBlur(border, in(src), t.w, t.h, stride, t.cn, t.sigma, out(dst), t.w * t.cn, threads);
                CHECK(dst == expected);
                if (dst != expected) std::fprintf(stderr, "  blur %dx%dx%d sigma %g border %d threads %d\n", t.w, t.h, t.cn, t.sigma, static_cast<int>(border), threads);
            }
        }
}

void blurKernelIsOpenCvs() {
    const auto k = referenceKernel(1.0);
    CHECK(k.size() == 7);
    const auto k2 = referenceKernel(2.0);
    CHECK(k2.size() == 13);
    long long sum = 0;
    for (long long v : k2) sum += v;
    CHECK(sum == 256);
    // A constant image stays constant under every border but constant.
    Bytes flat(64, 77), blurred(64);
    gaussianBlur(Border::reflect101, in(flat), 8, 8, 8, 1, 3.0, out(blurred), 8, 2);
    CHECK(std::all_of(blurred.begin(), blurred.end(), [](unsigned char v) { return v == 77; }));
}

void sobelMatchesDirectConvolution() {
    struct Case { int w, h, cn; };
    for (const Case& t : {Case{1, 1, 1}, Case{1, 6, 1}, Case{7, 1, 3}, Case{17, 9, 1}, Case{10, 6, 4}})
        for (Border border : {Border::reflect101, Border::replicate, Border::constant}) {
            const int stride = t.w * t.cn + 2;
            const Bytes src = randomBytes(static_cast<std::size_t>(stride * t.h), 4);
            std::vector<short> ex, ey;
            referenceSobel(src, t.w, t.h, stride, t.cn, border, ex, ey);
            std::vector<short> dx(ex.size()), dy(ex.size());
            sobel(border, in(src), t.w, t.h, stride, t.cn, {dx.data(), dx.size()}, {dy.data(), dy.size()}, t.w * t.cn, 2);
            CHECK(dx == ex && dy == ey);
            Bytes m(ex.size());
            std::vector<float> mf(ex.size());
            sobelMagnitude(border, in(src), t.w, t.h, stride, t.cn, out(m), t.w * t.cn, 2);
            sobelMagnitude(border, in(src), t.w, t.h, stride, t.cn, Span<float>(mf.data(), mf.size()), t.w * t.cn, 1);
            bool same = true;
            for (std::size_t i = 0; i < ex.size(); ++i) {
                const double g = std::sqrt(double(ex[i]) * ex[i] + double(ey[i]) * ey[i]);
                same &= m[i] == std::min(255L, std::lround(g)) && mf[i] == static_cast<float>(g);
            }
            CHECK(same);
        }
}

void resizeMatchesBilinearFormula() {
    struct Case { int sw, sh, dw, dh, cn; };
    for (const Case& t : {Case{8, 6, 4, 3, 3}, Case{8, 6, 12, 9, 1}, Case{7, 5, 11, 3, 4}, Case{1, 1, 3, 2, 1},
                          Case{9, 7, 1, 1, 3}, Case{5, 5, 5, 5, 1}, Case{13, 11, 6, 17, 1},
                          Case{101, 3, 151, 4, 3}, Case{100, 4, 41, 2, 4}, Case{90, 3, 17, 2, 1}, Case{3, 3, 70, 2, 1}}) {
        const Bytes src = randomBytes(static_cast<std::size_t>(t.sw * t.sh * t.cn), 5);
        Bytes dst(static_cast<std::size_t>(t.dw * t.dh * t.cn));
        resize(Interpolation::linear, in(src), t.sw, t.sh, t.sw * t.cn, t.cn, out(dst), t.dw, t.dh, t.dw * t.cn, 2);
        CHECK(dst == referenceLinear(src, t.sw, t.sh, t.cn, t.dw, t.dh));
    }
    // Area, 3x2 blocks: the rounded mean (ties to even except OpenCV's 2x2 path, which rounds up).
    const Bytes src = {0, 1, 2, 3, 4, 5, 10, 10, 10, 10, 10, 10};  // 6x2, one channel
    Bytes dst(2);
    resize(Interpolation::area, in(src), 6, 2, 6, 1, out(dst), 2, 1, 2, 1);
    CHECK(dst[0] == 6 && dst[1] == 7);  // (0+1+2+10+10+10)/6 = 5.5 -> 6; (3+4+5+30)/6 = 7
    const Bytes quad = {1, 2, 3, 4};
    Bytes one(1);
    resize(Interpolation::area, in(quad), 2, 2, 2, 1, out(one), 1, 1, 1, 1);
    CHECK(one[0] == 3);  // (10 + 2) >> 2
}

void resizeAreaMatchesOpenCvFormulas() {
    struct Case { int sw, sh, dw, dh, cn; };
    // Shrinks: 2x2, whole blocks (4x1 rounds half to even, unlike 2x2), fractional, and the last
    // cell narrower than the others; a width that runs the vector kernels' tails too.
    for (const Case& t : {Case{8, 6, 4, 3, 3}, Case{8, 6, 2, 6, 1}, Case{12, 9, 4, 3, 4}, Case{5, 2, 2, 1, 1},
                          Case{40, 30, 27, 20, 3}, Case{41, 29, 13, 9, 1}, Case{41, 29, 13, 9, 4}, Case{7, 7, 3, 2, 3},
                          Case{100, 7, 99, 4, 3}, Case{211, 5, 150, 3, 3}, Case{301, 3, 300, 1, 1}, Case{9, 9, 1, 1, 4}}) {
        const Bytes src = randomBytes(static_cast<std::size_t>(t.sw * t.sh * t.cn), 11);
        const Bytes expected = referenceArea(src, t.sw, t.sh, t.cn, t.dw, t.dh);
        for (int threads : {1, 3}) {
            Bytes dst(expected.size());
            resize(Interpolation::area, in(src), t.sw, t.sh, t.sw * t.cn, t.cn, out(dst), t.dw, t.dh, t.dw * t.cn, threads);
            CHECK(dst == expected);
            if (dst != expected) std::fprintf(stderr, "  area %dx%d -> %dx%d cn %d threads %d\n", t.sw, t.sh, t.dw, t.dh, t.cn, threads);
        }
    }
    // Enlarging either axis: bilinear with OpenCV's area weights, on both axes.
    for (const Case& t : {Case{4, 3, 6, 5, 3}, Case{10, 8, 33, 9, 1}, Case{41, 29, 17, 44, 4}, Case{29, 41, 44, 17, 3},
                          Case{1, 1, 3, 2, 1}, Case{100, 2, 150, 3, 3}}) {
        const Bytes src = randomBytes(static_cast<std::size_t>(t.sw * t.sh * t.cn), 12);
        Bytes dst(static_cast<std::size_t>(t.dw * t.dh * t.cn));
        resize(Interpolation::area, in(src), t.sw, t.sh, t.sw * t.cn, t.cn, out(dst), t.dw, t.dh, t.dw * t.cn, 2);
        CHECK(dst == referenceLinear(src, t.sw, t.sh, t.cn, t.dw, t.dh, true));
        if (dst != referenceLinear(src, t.sw, t.sh, t.cn, t.dw, t.dh, true)) std::fprintf(stderr, "  area enlarge %dx%d -> %dx%d cn %d\n", t.sw, t.sh, t.dw, t.dh, t.cn);
    }
}

void simdPathsAgree() {
    const int n = 1001;  // no vector width divides it: tails run too
    const Bytes s = randomBytes(n + 64, 6);
    const std::vector<std::uint16_t> k = {3, 20, 60, 90, 60, 20, 3};
    std::vector<std::uint16_t> h(n), h0(n);
    Bytes g(n), g0(n);
    const int w3[3] = {9798, 19235, 3735};
    forEachIsa([&](detail::Isa isa) {
        const detail::ImageKernels& set = detail::imageKernels(isa);
        set.blurRow(s.data() + 32, h.data(), n, 3, k.data(), 3);
        set.gray3(s.data(), g.data(), (n + 64) / 3, w3);
        if (isa == detail::Isa::baseline) h0 = h, g0 = g;
        CHECK(h == h0 && g == g0);
    });
    // The resize kernels on every set against their formulas, with lengths that leave tails.
    std::mt19937 rng(9);
    forEachIsa([&](detail::Isa isa) {
        const detail::ImageKernels& set = detail::imageKernels(isa);
        for (int cn : {1, 3, 4}) {
            const int pixels = 333;
            const Bytes a = randomBytes(static_cast<std::size_t>(2 * pixels * cn), 20), b = randomBytes(a.size(), 21);
            Bytes half(static_cast<std::size_t>(pixels * cn)), expected(half.size());
            for (std::size_t i = 0; i < half.size(); ++i) {
                const std::size_t j = i / static_cast<std::size_t>(cn) * 2 * static_cast<std::size_t>(cn) + i % static_cast<std::size_t>(cn);
                expected[i] = static_cast<unsigned char>((a[j] + a[j + static_cast<std::size_t>(cn)] + b[j] + b[j + static_cast<std::size_t>(cn)] + 2) >> 2);
            }
            for (bool stream : {false, true}) {
                for (int skip : {0, 1, 5}) {  // output addresses aligned or not
                    Bytes shifted(half.size() + 8);
                    set.halveRow(a.data(), b.data(), shifted.data() + skip, pixels, cn, stream);
                    CHECK(std::equal(expected.begin(), expected.end(), shifted.begin() + skip));
                }
            }
        }
        const int groups = 250, len = 700;
        const Bytes row = randomBytes(len, 22);
        std::vector<std::int32_t> start(groups), hv(4 * groups);
        std::vector<std::uint8_t> offsets(8 * groups);
        std::vector<std::int16_t> weights(8 * groups);
        for (int gi = 0; gi < groups; ++gi) start[static_cast<std::size_t>(gi)] = static_cast<std::int32_t>(rng() % (len - 15));
        for (auto& o : offsets) o = static_cast<std::uint8_t>(rng() % 16);
        for (auto& wv : weights) wv = static_cast<std::int16_t>(rng() % 2049);
        set.linearRowGroups(row.data(), start.data(), offsets.data(), weights.data(), groups, hv.data());
        bool same = true;
        for (int e = 0; e < 4 * groups; ++e) {
            const auto* p = row.data() + start[static_cast<std::size_t>(e / 4)];
            const auto at2 = static_cast<std::size_t>(2 * e);
            same &= hv[static_cast<std::size_t>(e)] == p[offsets[at2]] * weights[at2] + p[offsets[at2 + 1]] * weights[at2 + 1];
        }
        CHECK(same);
        // Area: float sums in a fixed order, never fused, so every set gives the formula's bits.
        const int outputs = 301, taps = 3;
        std::vector<float> source(len), alpha(static_cast<std::size_t>(taps * outputs)), buf(outputs), sum(outputs);
        std::vector<std::int32_t> index(alpha.size());
        set.toFloat(row.data(), source.data(), len);
        for (auto& ix : index) ix = static_cast<std::int32_t>(rng() % len);
        for (auto& al : alpha) al = static_cast<float>(rng() % 1000) / 997.f;
        set.areaRow(source.data(), index.data(), alpha.data(), taps, buf.data(), outputs);
        set.areaAccumulate(buf.data(), 0.3f, sum.data(), outputs, true);
        set.areaAccumulate(buf.data(), 0.45f, sum.data(), outputs, false);
        Bytes area(outputs);
        set.areaStore(sum.data(), area.data(), outputs);
        same = true;
        for (int i = 0; i < outputs; ++i) {
            float v = 0;
            for (int t = 0; t < taps; ++t) {
                const auto at = static_cast<std::size_t>(t * outputs + i);
                v = v + static_cast<float>(row[static_cast<std::size_t>(index[at])]) * alpha[at];
            }
            same &= source[static_cast<std::size_t>(i)] == row[static_cast<std::size_t>(i)] && buf[static_cast<std::size_t>(i)] == v;
            const float total = 0.3f * v + 0.45f * v;
            same &= sum[static_cast<std::size_t>(i)] == total &&
                    area[static_cast<std::size_t>(i)] == std::min(255L, std::lrint(total));
        }
        CHECK(same);
    });
}

void badInputLeavesOutputUntouched() {
    const Bytes src = randomBytes(30, 7);
    Bytes dst(30, 9);
    const Bytes before = dst;
    auto message = [](auto&& call) -> std::string {
        try {
            call();
        } catch (const std::exception& e) {
            return e.what();
        }
        return "no exception";
    };
    CHECK(message([&] { toGray(ChannelOrder::rgb, in(src), 0, 3, 10, 1, out(dst), 10, 1); }) ==
          "toGray: width must be at least 1, got width=0");
    CHECK(message([&] { toGray(ChannelOrder::rgb, in(src), 5, 2, 10, 2, out(dst), 10, 1); }) ==
          "toGray: channels must be 1, 3 or 4, got channels=2");
    CHECK(message([&] { toGray(ChannelOrder::rgb, in(src), 4, 2, 10, 3, out(dst), 10, 1); }) ==
          "toGray: srcStride must be at least width * channels = 12, got srcStride=10");
    CHECK(message([&] { toGray(ChannelOrder::rgb, in(src), 4, 3, 12, 3, out(dst), 4, 1); }) ==
          "toGray: src holds 30 elements, but 3 rows of srcStride=12 with width * channels = 12 need 36");
    CHECK(message([&] { toGray(ChannelOrder::abgr, in(src), 3, 2, 9, 3, out(dst), 3, 1); }) ==
          "toGray: order argb or abgr needs 4 channels, got channels=3");
    CHECK(message([&] { toGray(ChannelOrder::rgb, in(src), 3, 2, 9, 3, out(dst), 3, 0); }) ==
          "toGray: threads must be in [1, 256], got 0");
    CHECK(message([&] { gaussianBlur(Border::replicate, in(src), 5, 2, 5, 1, std::nan(""), out(dst), 5, 1); }) ==
          "gaussianBlur: sigma must be in (0, 1000], got sigma=nan");
    CHECK(message([&] { gaussianBlur(Border::replicate, in(src), 5, 2, 5, 1, 0, out(dst), 5, 1); }) ==
          "gaussianBlur: sigma must be in (0, 1000], got sigma=0");
    CHECK(message([&] { gaussianBlur(Border::replicate, in(src), 5, 2, 5, 1, 1, Span<unsigned char>(dst.data(), 8), 5, 1); }) ==
          "gaussianBlur: dst holds 8 elements, but 2 rows of dstStride=5 with width * channels = 5 need 10");
    CHECK(message([&] { gaussianBlur(Border::replicate, {dst.data(), 10}, 5, 2, 5, 1, 1, {dst.data() + 5, 10}, 5, 1); }) ==
          "gaussianBlur: src and dst overlap");
    CHECK(message([&] { resize(Interpolation::area, in(src), 5, 2, 5, 1, out(dst), 2, 1, 1, 1); }) ==
          "resize: dstStride must be at least width * channels = 2, got dstStride=1");
    CHECK(message([&] { resize(Interpolation::linear, in(src), 5, 2, 5, 1, out(dst), 2, -1, 2, 1); }) ==
          "resize: dstHeight must be at least 1, got dstHeight=-1");
    std::vector<short> small(4);
    CHECK(message([&] { sobel(Border::constant, in(src), 5, 2, 5, 1, {small.data(), 4}, {small.data(), 4}, 5, 1); }) ==
          "sobel: dx holds 4 elements, but 2 rows of dstStride=5 with width * channels = 5 need 10");
    CHECK(dst == before);
}

void progressAndCancel() {
    const int w = 16, h = 64;
    const Bytes src = randomBytes(w * h, 8);
    Bytes dst(w * h, 0);
    CountingListener all;
    gaussianBlur(Border::reflect101, in(src), w, h, w, 1, 1.0, out(dst), w, 2, &all);
    CHECK(all.lastDone == h && all.calls >= 1);  // two threads: the caller reports what both finished
    CountingListener serial;
    gaussianBlur(Border::reflect101, in(src), w, h, w, 1, 1.0, out(dst), w, 1, &serial);
    CHECK(serial.lastDone == h && serial.calls >= 2);
    CountingListener stop(1);
    CHECK_THROWS(OperationCancelled, toGray(ChannelOrder::rgb, in(src), w, h, w, 1, out(dst), w, 1, &stop));
    CHECK(stop.calls == 1);
}

}  // namespace

int main() {
    grayMatchesFixedPointFormula();
    blurMatchesDirectConvolution();
    blurKernelIsOpenCvs();
    sobelMatchesDirectConvolution();
    resizeMatchesBilinearFormula();
    resizeAreaMatchesOpenCvFormulas();
    simdPathsAgree();
    badInputLeavesOutputUntouched();
    progressAndCancel();
    std::printf("image_test (%s): %d failure(s)\n", simdPath(), failures);
    return failures == 0 ? 0 : 1;
}
