#include "mymodule/image.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "check.h"
#include "image_simd.h"
#include "simd.h"

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

// Bilinear with pixel centres aligned and edges clamped, weights as cv::resize computes them.
Bytes referenceLinear(const Bytes& src, int sw, int sh, int cn, int dw, int dh) {
    auto axis = [](int s, int d, int i, int& i0, int& i1, int& w0, int& w1) {
        const double scale = 1.0 / (static_cast<double>(d) / s);
        float f = static_cast<float>((i + 0.5) * scale - 0.5);
        i0 = static_cast<int>(std::floor(f));
        f -= static_cast<float>(i0);
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
            toGray(in(src), w, h, w * cn, cn, order, out(dst), w, 2);
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
    toGray(in(gray), 4, 3, 4, 1, ChannelOrder::rgb, out(copy), 4, 1);
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
                gaussianBlur(in(src), t.w, t.h, stride, t.cn, t.sigma, border, out(dst), t.w * t.cn, threads);
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
    gaussianBlur(in(flat), 8, 8, 8, 1, 3.0, Border::reflect101, out(blurred), 8, 2);
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
            sobel(in(src), t.w, t.h, stride, t.cn, border, {dx.data(), dx.size()}, {dy.data(), dy.size()}, t.w * t.cn, 2);
            CHECK(dx == ex && dy == ey);
            Bytes m(ex.size());
            std::vector<float> mf(ex.size());
            sobelMagnitude(in(src), t.w, t.h, stride, t.cn, border, out(m), t.w * t.cn, 2);
            sobelMagnitude(in(src), t.w, t.h, stride, t.cn, border, Span<float>(mf.data(), mf.size()), t.w * t.cn, 1);
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
                          Case{9, 7, 1, 1, 3}, Case{5, 5, 5, 5, 1}, Case{13, 11, 6, 17, 1}}) {
        const Bytes src = randomBytes(static_cast<std::size_t>(t.sw * t.sh * t.cn), 5);
        Bytes dst(static_cast<std::size_t>(t.dw * t.dh * t.cn));
        resize(in(src), t.sw, t.sh, t.sw * t.cn, t.cn, Interpolation::linear, out(dst), t.dw, t.dh, t.dw * t.cn, 2);
        CHECK(dst == referenceLinear(src, t.sw, t.sh, t.cn, t.dw, t.dh));
    }
    // Area, 3x2 blocks: the rounded mean (ties to even except OpenCV's 2x2 path, which rounds up).
    const Bytes src = {0, 1, 2, 3, 4, 5, 10, 10, 10, 10, 10, 10};  // 6x2, one channel
    Bytes dst(2);
    resize(in(src), 6, 2, 6, 1, Interpolation::area, out(dst), 2, 1, 2, 1);
    CHECK(dst[0] == 6 && dst[1] == 7);  // (0+1+2+10+10+10)/6 = 5.5 -> 6; (3+4+5+30)/6 = 7
    const Bytes quad = {1, 2, 3, 4};
    Bytes one(1);
    resize(in(quad), 2, 2, 2, 1, Interpolation::area, out(one), 1, 1, 1, 1);
    CHECK(one[0] == 3);  // (10 + 2) >> 2
}

void simdPathsAgree() {
    const detail::ImageKernels* sets[3] = {&detail::imageKernelsBaseline, nullptr, nullptr};
#if defined(__x86_64__)
    if (detail::cpuHas(detail::Isa::avx2)) sets[1] = &detail::imageKernelsAvx2;
    if (detail::cpuHas(detail::Isa::avx512)) sets[2] = &detail::imageKernelsAvx512;
#endif
    const int n = 1001;  // no vector width divides it: tails run too
    const Bytes s = randomBytes(n + 64, 6);
    const std::vector<std::uint16_t> k = {3, 20, 60, 90, 60, 20, 3};
    std::vector<std::uint16_t> h(n), h0(n);
    Bytes g(n), g0(n);
    const int w3[3] = {9798, 19235, 3735};
    for (const auto* set : sets) {
        if (set == nullptr) continue;
        set->blurRow(s.data() + 32, h.data(), n, 3, k.data(), 3);
        set->gray3(s.data(), g.data(), (n + 64) / 3, w3);
        if (set == sets[0]) h0 = h, g0 = g;
        CHECK(h == h0 && g == g0);
    }
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
    CHECK(message([&] { toGray(in(src), 0, 3, 10, 1, ChannelOrder::rgb, out(dst), 10, 1); }) ==
          "toGray: width must be at least 1, got width=0");
    CHECK(message([&] { toGray(in(src), 5, 2, 10, 2, ChannelOrder::rgb, out(dst), 10, 1); }) ==
          "toGray: channels must be 1, 3 or 4, got channels=2");
    CHECK(message([&] { toGray(in(src), 4, 2, 10, 3, ChannelOrder::rgb, out(dst), 10, 1); }) ==
          "toGray: srcStride must be at least width * channels = 12, got srcStride=10");
    CHECK(message([&] { toGray(in(src), 4, 3, 12, 3, ChannelOrder::rgb, out(dst), 4, 1); }) ==
          "toGray: src holds 30 elements, but 3 rows of srcStride=12 with width * channels = 12 need 36");
    CHECK(message([&] { toGray(in(src), 3, 2, 9, 3, ChannelOrder::abgr, out(dst), 3, 1); }) ==
          "toGray: order argb or abgr needs 4 channels, got channels=3");
    CHECK(message([&] { toGray(in(src), 3, 2, 9, 3, ChannelOrder::rgb, out(dst), 3, 0); }) ==
          "toGray: threads must be in [1, 256], got 0");
    CHECK(message([&] { gaussianBlur(in(src), 5, 2, 5, 1, std::nan(""), Border::replicate, out(dst), 5, 1); }) ==
          "gaussianBlur: sigma must be in (0, 1000], got sigma=nan");
    CHECK(message([&] { gaussianBlur(in(src), 5, 2, 5, 1, 0, Border::replicate, out(dst), 5, 1); }) ==
          "gaussianBlur: sigma must be in (0, 1000], got sigma=0");
    CHECK(message([&] { gaussianBlur(in(src), 5, 2, 5, 1, 1, Border::replicate, Span<unsigned char>(dst.data(), 8), 5, 1); }) ==
          "gaussianBlur: dst holds 8 elements, but 2 rows of dstStride=5 with width * channels = 5 need 10");
    CHECK(message([&] { gaussianBlur({dst.data(), 10}, 5, 2, 5, 1, 1, Border::replicate, {dst.data() + 5, 10}, 5, 1); }) ==
          "gaussianBlur: src and dst overlap");
    CHECK(message([&] { resize(in(src), 5, 2, 5, 1, Interpolation::area, out(dst), 2, 1, 2, 1); }) ==
          "resize: area needs whole shrink factors, got 5x2 to 2x1");
    CHECK(message([&] { resize(in(src), 5, 2, 5, 1, Interpolation::linear, out(dst), 2, -1, 2, 1); }) ==
          "resize: dstHeight must be at least 1, got dstHeight=-1");
    std::vector<short> small(4);
    CHECK(message([&] { sobel(in(src), 5, 2, 5, 1, Border::constant, {small.data(), 4}, {small.data(), 4}, 5, 1); }) ==
          "sobel: dx holds 4 elements, but 2 rows of dstStride=5 with width * channels = 5 need 10");
    CHECK(dst == before);
}

void progressAndCancel() {
    const int w = 16, h = 64;
    const Bytes src = randomBytes(w * h, 8);
    Bytes dst(w * h, 0);
    CountingListener all;
    gaussianBlur(in(src), w, h, w, 1, 1.0, Border::reflect101, out(dst), w, 2, all);
    CHECK(all.lastDone == h && all.calls >= 2);
    CountingListener stop(1);
    CHECK_THROWS(OperationCancelled, toGray(in(src), w, h, w, 1, ChannelOrder::rgb, out(dst), w, 1, stop));
    CHECK(stop.calls == 1);
}

}  // namespace

int main() {
    grayMatchesFixedPointFormula();
    blurMatchesDirectConvolution();
    blurKernelIsOpenCvs();
    sobelMatchesDirectConvolution();
    resizeMatchesBilinearFormula();
    simdPathsAgree();
    badInputLeavesOutputUntouched();
    progressAndCancel();
    std::printf("image_test (%s): %d failure(s)\n", simdPath(), failures);
    return failures == 0 ? 0 : 1;
}
