#include "mymodule/image.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "checks.h"
#include "image_simd.h"
#include "parallel.h"

namespace mymodule {

namespace {

using u8 = std::uint8_t;
using u16 = std::uint16_t;
using u32 = std::uint32_t;
using i16 = std::int16_t;
using i32 = std::int32_t;

// The largest sigma gaussianBlur takes: 6001 taps, already far wider than any useful blur.
constexpr double kMaxSigma = 1000;

using detail::text;

void requireChannels(const char* function, int channels) {
    if (channels != 1 && channels != 3 && channels != 4) {
        detail::violated(function, "channels", "be 1, 3 or 4", "channels=" + text(channels));
    }
}

/// One image argument: its buffer, sizes and stride, checked by check().
template <class T>
struct Image {
    const char* name;        // "src", "dst", "dx"
    const char* strideName;  // "srcStride", "dstStride"
    Span<T> buffer;
    int width, height, stride, channels;

    long long rowElements() const { return static_cast<long long>(width) * channels; }
    long long needed() const { return static_cast<long long>(height - 1) * stride + rowElements(); }

    void check(const char* function) const {
        detail::requireData(function, name, buffer);
        if (stride < rowElements()) {
            detail::violated(function, strideName, "be at least width * channels = " + text(rowElements()),
                             std::string(strideName) + "=" + text(stride));
        }
        // Out of range, not invalid: the sizes are fine, the buffer is too small for them.
        if (static_cast<long long>(buffer.size()) < needed()) {
            throw std::out_of_range(std::string(function) + ": " + name + " holds " + text(buffer.size()) +
                                    " elements, but " + text(height) + " rows of " + strideName + "=" + text(stride) +
                                    " with width * channels = " + text(rowElements()) + " need " + text(needed()));
        }
    }
    std::uintptr_t begin() const { return reinterpret_cast<std::uintptr_t>(buffer.data()); }
    std::uintptr_t end() const { return begin() + static_cast<std::uintptr_t>(needed()) * sizeof(T); }
    T* row(int y) const { return buffer.data() + static_cast<std::ptrdiff_t>(y) * stride; }
};

template <class A, class B>
void requireApart(const char* function, const Image<A>& a, const Image<B>& b) {
    if (a.begin() < b.end() && b.begin() < a.end()) {
        detail::invalid(function, std::string(a.name) + " and " + b.name, "overlap");
    }
}

template <class T>
Image<T> image(const char* name, const char* strideName, Span<T> buffer, int width, int height, int stride,
               int channels) {
    return Image<T>{name, strideName, buffer, width, height, stride, channels};
}

void requireBorder(const char* function, Border border) {
    if (border != Border::reflect101 && border != Border::replicate && border != Border::constant) {
        detail::violated(function, "border", "be reflect101, replicate or constant", text(static_cast<int>(border)));
    }
}

/// Where position p of a line of len pixels reads, as OpenCV's borderInterpolate; -1 for constant.
int borderIndex(int p, int len, Border border) {
    if (p >= 0 && p < len) return p;
    if (border == Border::constant) return -1;
    if (border == Border::replicate) return p < 0 ? 0 : len - 1;
    if (len == 1) return 0;
    const int period = 2 * (len - 1);  // reflect101 repeats with this period, however wide the kernel
    p %= period;
    if (p < 0) p += period;
    return p < len ? p : period - p;
}

/// Rows per task: about four tasks per thread (balance, progress), at least minRows.
int bandRows(int height, int threads, int minRows) {
    const int tasks = 4 * threads;
    return std::max(std::min(minRows, height), (height + tasks - 1) / tasks);
}

/// Runs rows(first, last) over bands of output rows on `threads` threads, reporting rows done.
template <class Rows>
void overRows(const char* function, int height, int threads, int minRows, ProgressListener* listener,
              const Rows& rows) {
    const int band = bandRows(height, threads, minRows);
    const long long tasks = (height + band - 1) / band;
    detail::parallelFor(function, threads, tasks, [&](long long t) {
        const int first = static_cast<int>(t) * band;
        const int last = std::min(height, first + band);
        rows(first, last);
        return static_cast<long long>(last - first);
    }, listener, height, "rows");
}

// ---------------------------------------------------------------------------------------------- gray

void toGrayImpl(Span<const unsigned char> src, int width, int height, int srcStride, int channels, ChannelOrder order,
                Span<unsigned char> dst, int dstStride, int threads, ProgressListener* listener) {
    const char* function = "toGray";
    detail::requireAtLeast(function, "width", width, 1);
    detail::requireAtLeast(function, "height", height, 1);
    requireChannels(function, channels);
    int red, green, blue;  // byte positions in a pixel
    switch (order) {
        case ChannelOrder::rgb: red = 0, green = 1, blue = 2; break;
        case ChannelOrder::bgr: red = 2, green = 1, blue = 0; break;
        case ChannelOrder::argb: red = 1, green = 2, blue = 3; break;
        case ChannelOrder::abgr: red = 3, green = 2, blue = 1; break;
        default: detail::violated(function, "order", "be rgb, bgr, argb or abgr", text(static_cast<int>(order)));
    }
    if (channels == 3 && (order == ChannelOrder::argb || order == ChannelOrder::abgr)) {
        detail::invalid(function, "order argb or abgr", "needs 4 channels, got channels=3");
    }
    const auto in = image("src", "srcStride", src, width, height, srcStride, channels);
    const auto out = image("dst", "dstStride", dst, width, height, dstStride, 1);
    in.check(function);
    out.check(function);
    requireApart(function, in, out);
    detail::requireThreads(function, threads);

    int weights[4] = {0, 0, 0, 0};
    weights[red] = 9798, weights[green] = 19235, weights[blue] = 3735;  // BT.601 in 1/32768, as OpenCV 4.13
    const detail::ImageKernels& kernels = detail::imageKernels();
    overRows(function, height, threads, 16, listener, [&](int first, int last) {
        for (int y = first; y < last; ++y) {
            if (channels == 1) std::memcpy(out.row(y), in.row(y), static_cast<std::size_t>(width));
            else if (channels == 3) kernels.gray3(in.row(y), out.row(y), width, weights);
            else kernels.gray4(in.row(y), out.row(y), width, weights);
        }
    });
}

// ---------------------------------------------------------------------------------------------- blur

/// OpenCV's 8-bit Gaussian kernel (getGaussianKernelBitExact, then getGaussianKernelFixedPoint_ED):
/// n taps in units of 1/256, the rounding error of each tap carried to the next, the centre tap
/// making the sum exactly 256.
std::vector<u16> gaussianKernel(int n, double sigma) {
    const int half = n / 2;
    const double scale = -0.125 / (sigma * sigma);
    std::vector<double> values(static_cast<std::size_t>(half));
    double sum = 0;
    for (int i = 0, x = 1 - n; i < half; ++i, x += 2) {
        values[static_cast<std::size_t>(i)] = std::exp(static_cast<double>(x * x) * scale);
        sum += values[static_cast<std::size_t>(i)];
    }
    const double inverse = 1 / (sum * 2 + 1);
    std::vector<u16> k(static_cast<std::size_t>(n));
    double error = 0;
    int total = 0;
    for (int i = 0; i < half; ++i) {
        const double adjusted = values[static_cast<std::size_t>(i)] * inverse * 256 + error;
        const double rounded = std::nearbyint(adjusted);  // ties to even, like cvRound
        error = adjusted - rounded;
        k[static_cast<std::size_t>(i)] = k[static_cast<std::size_t>(n - 1 - i)] = static_cast<u16>(rounded);
        total += static_cast<int>(rounded);
    }
    k[static_cast<std::size_t>(half)] = static_cast<u16>(256 - 2 * total);
    return k;
}

/// The taps of a 1-D kernel at one position of a line, with positions outside the line mapped by
/// the border rule and equal source positions merged.
struct FoldedTaps {
    std::vector<int> source;
    std::vector<u32> weight;
};

FoldedTaps foldTaps(int position, int len, const std::vector<u16>& k, Border border, std::vector<u32>& scratch) {
    const int r = static_cast<int>(k.size()) / 2;
    std::fill(scratch.begin(), scratch.end(), 0u);
    for (int t = -r; t <= r; ++t) {
        const int s = borderIndex(position + t, len, border);
        if (s >= 0) scratch[static_cast<std::size_t>(s)] += k[static_cast<std::size_t>(t + r)];
    }
    FoldedTaps taps;
    for (int s = std::max(0, position - r); s <= std::min(len - 1, position + r); ++s) {
        if (scratch[static_cast<std::size_t>(s)] != 0) {
            taps.source.push_back(s);
            taps.weight.push_back(scratch[static_cast<std::size_t>(s)]);
        }
    }
    return taps;
}

void gaussianBlurImpl(Span<const unsigned char> src, int width, int height, int srcStride, int channels, double sigma,
                      Border border, Span<unsigned char> dst, int dstStride, int threads,
                      ProgressListener* listener) {
    const char* function = "gaussianBlur";
    detail::requireAtLeast(function, "width", width, 1);
    detail::requireAtLeast(function, "height", height, 1);
    requireChannels(function, channels);
    if (!(sigma > 0 && sigma <= kMaxSigma)) {
        detail::violated(function, "sigma", "be in (0, " + text(kMaxSigma) + "]", "sigma=" + text(sigma));
    }
    requireBorder(function, border);
    const auto in = image("src", "srcStride", src, width, height, srcStride, channels);
    const auto out = image("dst", "dstStride", dst, width, height, dstStride, channels);
    in.check(function);
    out.check(function);
    requireApart(function, in, out);
    detail::requireThreads(function, threads);

    const int n = static_cast<int>(std::nearbyint(sigma * 6 + 1)) | 1;  // OpenCV's size for 8-bit images
    const int r = n / 2;
    const std::vector<u16> k = gaussianKernel(n, sigma);
    const int cn = channels;
    const int rowElements = width * cn;

    // Columns whose taps all fall inside the row run the vector kernel; the others (at most r at
    // each end) use their folded taps.
    const int innerBegin = std::min(r, width), innerEnd = std::max(innerBegin, width - r);
    std::vector<int> edges;
    for (int x = 0; x < innerBegin; ++x) edges.push_back(x);
    for (int x = innerEnd; x < width; ++x) edges.push_back(x);
    std::vector<FoldedTaps> edgeTaps;
    {
        std::vector<u32> scratch(static_cast<std::size_t>(width));
        for (int x : edges) edgeTaps.push_back(foldTaps(x, width, k, border, scratch));
    }
    const detail::ImageKernels& kernels = detail::imageKernels();

    auto horizontal = [&](const u8* s, u16* h) {
        if (innerEnd > innerBegin) {
            kernels.blurRow(s + innerBegin * cn, h + innerBegin * cn, (innerEnd - innerBegin) * cn, cn, k.data(), r);
        }
        for (std::size_t e = 0; e < edges.size(); ++e) {
            const FoldedTaps& taps = edgeTaps[e];
            for (int c = 0; c < cn; ++c) {
                u32 sum = 0;
                for (std::size_t t = 0; t < taps.source.size(); ++t) sum += taps.weight[t] * s[taps.source[t] * cn + c];
                h[edges[e] * cn + c] = static_cast<u16>(sum);
            }
        }
    };

    const int ringRows = std::min(height, n);
    overRows(function, height, threads, 4 * r + 8, listener, [&](int first, int last) {
        // Horizontal results of source rows, row s in slot s % ringRows; rows enter in order, and
        // those of one output row's window (at most ringRows) never share a slot.
        std::vector<u16> ring(static_cast<std::size_t>(ringRows) * static_cast<std::size_t>(rowElements));
        const std::vector<u16> zeros(static_cast<std::size_t>(rowElements), 0);
        auto slot = [&](int s) { return ring.data() + static_cast<std::size_t>(s % ringRows) * rowElements; };
        std::vector<const u16*> a, b;
        std::vector<u32> w;
        std::vector<u32> scratch(static_cast<std::size_t>(height));
        int next = std::max(0, first - r);  // the next source row to filter horizontally
        for (int y = first; y < last; ++y) {
            for (; next < std::min(height, y + r + 1); ++next) horizontal(in.row(next), slot(next));
            a.clear(), b.clear(), w.clear();
            const u16* centre = zeros.data();
            u32 centreWeight = 0;
            if (y - r >= 0 && y + r < height) {
                for (int p = 0; p < r; ++p) {
                    if (k[static_cast<std::size_t>(p)] == 0) continue;
                    a.push_back(slot(y - r + p)), b.push_back(slot(y + r - p)), w.push_back(k[static_cast<std::size_t>(p)]);
                }
                centre = slot(y), centreWeight = k[static_cast<std::size_t>(r)];
            } else {
                const FoldedTaps taps = foldTaps(y, height, k, border, scratch);
                for (std::size_t t = 0; t < taps.source.size(); ++t) {
                    a.push_back(slot(taps.source[t])), b.push_back(zeros.data()), w.push_back(taps.weight[t]);
                }
            }
            kernels.blurColumn(a.data(), b.data(), w.data(), static_cast<int>(w.size()), centre, centreWeight,
                               out.row(y), rowElements);
        }
    });
}

// --------------------------------------------------------------------------------------------- sobel

enum class SobelOutput { derivatives, magnitude, magnitudeFloat };

/// The Sobel family: checks, then for each output row the vertical sums and differences of the
/// three source rows, padded by one pixel each side by the border rule, and the row kernel.
template <class Out>
void sobelImpl(const char* function, SobelOutput what, Span<const unsigned char> src, int width, int height,
               int srcStride, int channels, Border border, Span<Out> dst, Span<Out> dst2, int dstStride, int threads,
               ProgressListener* listener) {
    detail::requireAtLeast(function, "width", width, 1);
    detail::requireAtLeast(function, "height", height, 1);
    requireChannels(function, channels);
    requireBorder(function, border);
    const bool two = what == SobelOutput::derivatives;
    const auto in = image("src", "srcStride", src, width, height, srcStride, channels);
    const auto out = image(two ? "dx" : "dst", "dstStride", dst, width, height, dstStride, channels);
    const auto out2 = image("dy", "dstStride", dst2, width, height, dstStride, channels);
    in.check(function);
    out.check(function);
    if (two) out2.check(function);
    requireApart(function, in, out);
    if (two) requireApart(function, in, out2), requireApart(function, out, out2);
    detail::requireThreads(function, threads);

    const int cn = channels, rowElements = width * cn;
    const int left = borderIndex(-1, width, border), right = borderIndex(width, width, border);
    const detail::ImageKernels& kernels = detail::imageKernels();
    overRows(function, height, threads, 16, listener, [&](int first, int last) {
        const std::vector<u8> zeros(static_cast<std::size_t>(rowElements), 0);
        std::vector<i16> v(static_cast<std::size_t>(rowElements + 2 * cn)), d(v.size());
        auto sourceRow = [&](int y) {
            const int s = borderIndex(y, height, border);
            return s < 0 ? zeros.data() : in.row(s);
        };
        for (int y = first; y < last; ++y) {
            kernels.sobelColumn(sourceRow(y - 1), sourceRow(y), sourceRow(y + 1), v.data() + cn, d.data() + cn,
                                rowElements);
            for (int c = 0; c < cn; ++c) {
                v[static_cast<std::size_t>(c)] = left < 0 ? 0 : v[static_cast<std::size_t>(cn + left * cn + c)];
                d[static_cast<std::size_t>(c)] = left < 0 ? 0 : d[static_cast<std::size_t>(cn + left * cn + c)];
                const auto at = static_cast<std::size_t>(cn + rowElements + c);
                v[at] = right < 0 ? 0 : v[static_cast<std::size_t>(cn + right * cn + c)];
                d[at] = right < 0 ? 0 : d[static_cast<std::size_t>(cn + right * cn + c)];
            }
            if constexpr (std::is_same_v<Out, short>) {
                kernels.sobelRow(v.data() + cn, d.data() + cn, cn, out.row(y), out2.row(y), rowElements);
            } else if constexpr (std::is_same_v<Out, unsigned char>) {
                kernels.sobelMagnitudeRow(v.data() + cn, d.data() + cn, cn, out.row(y), rowElements);
            } else {
                kernels.sobelMagnitudeFloatRow(v.data() + cn, d.data() + cn, cn, out.row(y), rowElements);
            }
        }
    });
}

// -------------------------------------------------------------------------------------------- resize

/// OpenCV's coordinates for one axis of its bilinear resize: source index of the left/top neighbour
/// (both clamped into the image) and 11-bit weights, computed in float as cv::resize does. With
/// area (INTER_AREA where an axis enlarges) the fraction is the part of the output pixel's cell
/// past the source pixel's edge, OpenCV's emulation of area by bilinear weights.
struct LinearAxis {
    std::vector<int> first, second;
    std::vector<i32> weight0, weight1;
};

LinearAxis linearAxis(int srcLen, int dstLen, bool area) {
    const double inverseScale = static_cast<double>(dstLen) / srcLen;
    const double scale = 1.0 / inverseScale;
    LinearAxis axis;
    for (int i = 0; i < dstLen; ++i) {
        float f;
        int s;
        if (!area) {
            f = static_cast<float>((i + 0.5) * scale - 0.5);
            s = static_cast<int>(std::floor(f));
            f -= static_cast<float>(s);
        } else {
            s = static_cast<int>(std::floor(i * scale));
            f = static_cast<float>((i + 1) - (s + 1) * inverseScale);
            f = f <= 0 ? 0.f : f - std::floor(f);
        }
        if (s < 0) f = 0, s = 0;
        if (s >= srcLen - 1) f = 0, s = srcLen - 1;
        axis.first.push_back(s);
        axis.second.push_back(std::min(s + 1, srcLen - 1));
        axis.weight0.push_back(static_cast<i32>(std::lrint((1.f - f) * 2048.f)));
        axis.weight1.push_back(static_cast<i32>(std::lrint(f * 2048.f)));
    }
    return axis;
}

/// Horizontal bilinear step of one source row: h[x * cn + c] = p[first] w0 + p[second] w1.
template <int cn>
void linearRow(const u8* p, const LinearAxis& ax, int dstWidth, i32* h) {
    const int* first = ax.first.data();
    const int* second = ax.second.data();
    const i32* w0 = ax.weight0.data();
    const i32* w1 = ax.weight1.data();
    for (int x = 0; x < dstWidth; ++x) {
        const u8* p0 = p + first[x] * cn;
        const u8* p1 = p + second[x] * cn;
        for (int c = 0; c < cn; ++c) h[x * cn + c] = p0[c] * w0[x] + p1[c] * w1[x];
    }
}

/// The horizontal bilinear step as groups of 4 outputs that each read one 16-byte window of the
/// row (linearRowGroups); empty where some group's taps span 16 bytes or more (shrinking by more
/// than about 3) or the row is shorter than 16 bytes.
struct LinearGroups {
    std::vector<i32> start;
    std::vector<u8> offset;
    std::vector<i16> weight;
    int groups = 0;
};

LinearGroups linearGroups(const LinearAxis& ax, int dstWidth, int cn, int srcRowBytes) {
    LinearGroups g;
    const int n = dstWidth * cn;
    if (srcRowBytes < 16) return g;
    g.groups = ((n + 3) / 4 + 1) / 2 * 2;  // kernels take two groups at a time
    g.start.resize(static_cast<std::size_t>(g.groups));
    g.offset.resize(static_cast<std::size_t>(g.groups) * 8);
    g.weight.resize(static_cast<std::size_t>(g.groups) * 8);
    for (int group = 0; group < g.groups; ++group) {
        int taps[8], weights[8];
        for (int j = 0; j < 4; ++j) {
            const int e = std::min(4 * group + j, n - 1);  // padding repeats the last output, weight 0
            const auto x = static_cast<std::size_t>(e / cn);
            const int c = e % cn;
            taps[2 * j] = ax.first[x] * cn + c, taps[2 * j + 1] = ax.second[x] * cn + c;
            const bool real = 4 * group + j < n;
            weights[2 * j] = real ? ax.weight0[x] : 0, weights[2 * j + 1] = real ? ax.weight1[x] : 0;
        }
        const int lo = *std::min_element(taps, taps + 8), hi = *std::max_element(taps, taps + 8);
        if (hi - lo >= 16) return LinearGroups();
        const int begin = std::min(lo, srcRowBytes - 16);
        g.start[static_cast<std::size_t>(group)] = begin;
        for (int k = 0; k < 8; ++k) {
            g.offset[static_cast<std::size_t>(8 * group + k)] = static_cast<u8>(taps[k] - begin);
            g.weight[static_cast<std::size_t>(8 * group + k)] = static_cast<i16>(weights[k]);
        }
    }
    return g;
}

/// One entry of OpenCV's INTER_AREA table (computeResizeAreaTab): source pixel si adds alpha times
/// itself to output pixel di.
struct AreaTap {
    int di, si;
    float alpha;
};

std::vector<AreaTap> areaTaps(int srcLen, int dstLen, double scale) {
    std::vector<AreaTap> taps;
    for (int dx = 0; dx < dstLen; ++dx) {
        const double fsx1 = dx * scale;
        const double fsx2 = fsx1 + scale;
        const double cellWidth = std::min(scale, srcLen - fsx1);
        int sx1 = static_cast<int>(std::ceil(fsx1));
        int sx2 = static_cast<int>(std::floor(fsx2));
        sx2 = std::min(sx2, srcLen - 1);
        sx1 = std::min(sx1, sx2);
        if (sx1 - fsx1 > 1e-3) taps.push_back({dx, sx1 - 1, static_cast<float>((sx1 - fsx1) / cellWidth)});
        for (int sx = sx1; sx < sx2; ++sx) taps.push_back({dx, sx, static_cast<float>(1.0 / cellWidth)});
        if (fsx2 - sx2 > 1e-3) {
            taps.push_back({dx, sx2, static_cast<float>(std::min(std::min(fsx2 - sx2, 1.), cellWidth) / cellWidth)});
        }
    }
    return taps;
}

/// Whole-number shrink factors (fx by fy blocks), as OpenCV's resizeAreaFast: the 2x2 mean rounds
/// half up, every other the float product sum * (1 / area) rounded half to even.
void areaBlocks(const Image<const unsigned char>& in, const Image<unsigned char>& out, int fx, int fy, int threads,
                ProgressListener* listener) {
    const int cn = in.channels, dstWidth = out.width, srcRow = in.width * cn;
    const detail::ImageKernels& kernels = detail::imageKernels();
    if (fx == 2 && fy == 2) {
        // An output larger than a core's share of the caches goes straight to memory.
        const bool stream = static_cast<long long>(out.height) * dstWidth * cn > (4LL << 20);
        overRows("resize", out.height, threads, 8, listener, [&](int first, int last) {
            for (int y = first; y < last; ++y) {
                kernels.halveRow(in.row(2 * y), in.row(2 * y + 1), out.row(y), dstWidth, cn, stream);
            }
        });
        return;
    }
    const float scale = 1.f / static_cast<float>(fx * fy);
    overRows("resize", out.height, threads, 8, listener, [&](int first, int last) {
        std::vector<u32> sums(static_cast<std::size_t>(srcRow));
        for (int y = first; y < last; ++y) {
            std::fill(sums.begin(), sums.end(), 0u);
            for (int j = 0; j < fy; ++j) kernels.addRow(in.row(y * fy + j), sums.data(), srcRow);
            u8* o = out.row(y);
            for (int x = 0; x < dstWidth; ++x) {
                for (int c = 0; c < cn; ++c) {
                    u32 sum = 0;
                    for (int i = 0; i < fx; ++i) sum += sums[static_cast<std::size_t>((x * fx + i) * cn + c)];
                    const long q = std::lrint(static_cast<float>(sum) * scale);
                    o[x * cn + c] = static_cast<u8>(std::min(255L, q));
                }
            }
        }
    });
}

/// Fractional shrinks (both axes at least 1), as OpenCV's resizeArea on 8-bit images: each source
/// row weighted in float along x, then the rows of an output row's cell weighted and summed in
/// float, in OpenCV's order, and rounded half to even.
void areaFractional(const Image<const unsigned char>& in, const Image<unsigned char>& out, double scaleX,
                    double scaleY, int threads, ProgressListener* listener) {
    const int cn = in.channels, n = out.width * cn, srcRow = in.width * cn;
    const std::vector<AreaTap> xs = areaTaps(in.width, out.width, scaleX);
    const std::vector<AreaTap> ys = areaTaps(in.height, out.height, scaleY);
    // The x taps per output pixel, as planes of a padded table: plane k holds every output's k-th tap.
    std::vector<int> count(static_cast<std::size_t>(out.width), 0);
    for (const AreaTap& t : xs) ++count[static_cast<std::size_t>(t.di)];
    const int taps = *std::max_element(count.begin(), count.end());
    std::vector<i32> index(static_cast<std::size_t>(taps) * static_cast<std::size_t>(n));
    std::vector<float> alpha(index.size(), 0.f);
    std::fill(count.begin(), count.end(), 0);
    std::vector<int> firstSource(static_cast<std::size_t>(out.width), -1);
    for (const AreaTap& t : xs) {
        const auto dx = static_cast<std::size_t>(t.di);
        if (firstSource[dx] < 0) firstSource[dx] = t.si;
        const int k = count[dx]++;
        for (int c = 0; c < cn; ++c) {
            const auto at = static_cast<std::size_t>(k) * static_cast<std::size_t>(n) + dx * static_cast<std::size_t>(cn) +
                            static_cast<std::size_t>(c);
            index[at] = t.si * cn + c;
            alpha[at] = t.alpha;
        }
    }
    for (int dx = 0; dx < out.width; ++dx) {  // padding taps read a real pixel and weigh it 0
        for (int k = count[static_cast<std::size_t>(dx)]; k < taps; ++k) {
            for (int c = 0; c < cn; ++c) {
                index[static_cast<std::size_t>(k) * static_cast<std::size_t>(n) + static_cast<std::size_t>(dx * cn + c)] =
                    firstSource[static_cast<std::size_t>(dx)] * cn + c;
            }
        }
    }
    // ys is ordered by output row: rowStart[y] is the first entry of output row y.
    std::vector<std::size_t> rowStart(static_cast<std::size_t>(out.height) + 1, ys.size());
    for (std::size_t j = ys.size(); j-- > 0;) rowStart[static_cast<std::size_t>(ys[j].di)] = j;
    const detail::ImageKernels& kernels = detail::imageKernels();
    overRows("resize", out.height, threads, 4, listener, [&](int first, int last) {
        std::vector<float> source(static_cast<std::size_t>(srcRow)), buf(static_cast<std::size_t>(n)),
            sum(static_cast<std::size_t>(n));
        int held = -1;  // the source row buf holds
        for (int y = first; y < last; ++y) {
            const std::size_t end = rowStart[static_cast<std::size_t>(y) + 1];
            for (std::size_t j = rowStart[static_cast<std::size_t>(y)]; j < end; ++j) {
                if (ys[j].si != held) {
                    held = ys[j].si;
                    kernels.toFloat(in.row(held), source.data(), srcRow);
                    kernels.areaRow(source.data(), index.data(), alpha.data(), taps, buf.data(), n);
                }
                kernels.areaAccumulate(buf.data(), ys[j].alpha, sum.data(), n, j == rowStart[static_cast<std::size_t>(y)]);
            }
            kernels.areaStore(sum.data(), out.row(y), n);
        }
    });
}

void resizeImpl(Span<const unsigned char> src, int srcWidth, int srcHeight, int srcStride, int channels,
                Interpolation interpolation, Span<unsigned char> dst, int dstWidth, int dstHeight, int dstStride,
                int threads, ProgressListener* listener) {
    const char* function = "resize";
    detail::requireAtLeast(function, "srcWidth", srcWidth, 1);
    detail::requireAtLeast(function, "srcHeight", srcHeight, 1);
    detail::requireAtLeast(function, "dstWidth", dstWidth, 1);
    detail::requireAtLeast(function, "dstHeight", dstHeight, 1);
    requireChannels(function, channels);
    if (interpolation != Interpolation::linear && interpolation != Interpolation::area) {
        detail::violated(function, "interpolation", "be linear or area", text(static_cast<int>(interpolation)));
    }
    const auto in = image("src", "srcStride", src, srcWidth, srcHeight, srcStride, channels);
    const auto out = image("dst", "dstStride", dst, dstWidth, dstHeight, dstStride, channels);
    in.check(function);
    out.check(function);
    requireApart(function, in, out);
    detail::requireThreads(function, threads);

    const int cn = channels;
    const int dstRow = dstWidth * cn;
    const detail::ImageKernels& kernels = detail::imageKernels();

    // cv::resize's choice of algorithm, from the same double scales.
    const double scaleX = 1.0 / (static_cast<double>(dstWidth) / srcWidth);
    const double scaleY = 1.0 / (static_cast<double>(dstHeight) / srcHeight);
    const double wholeX = std::nearbyint(scaleX), wholeY = std::nearbyint(scaleY);
    const bool whole = std::abs(scaleX - wholeX) < 2.220446049250313e-16 && std::abs(scaleY - wholeY) < 2.220446049250313e-16;
    bool area = interpolation == Interpolation::area;
    // Halving: bilinear at pixel centres weighs each 2x2 block 1/4 each, so INTER_LINEAR equals
    // INTER_AREA byte for byte ((sum * 2^20 + 2^21) >> 22 = (sum + 2) >> 2), as OpenCV also uses.
    if (whole && wholeX == 2 && wholeY == 2) area = true;
    if (area && scaleX >= 1 && scaleY >= 1) {
        if (whole) areaBlocks(in, out, static_cast<int>(wholeX), static_cast<int>(wholeY), threads, listener);
        else areaFractional(in, out, scaleX, scaleY, threads, listener);
        return;
    }

    // Bilinear; area with an enlarged axis is bilinear with OpenCV's area weights on both axes.
    const LinearAxis ax = linearAxis(srcWidth, dstWidth, area), ay = linearAxis(srcHeight, dstHeight, area);
    const LinearGroups groups = linearGroups(ax, dstWidth, cn, srcWidth * cn);
    const std::size_t held = std::max(static_cast<std::size_t>(dstRow), static_cast<std::size_t>(groups.groups) * 4);
    overRows(function, dstHeight, threads, 8, listener, [&](int first, int last) {
        std::vector<i32> rows[2] = {std::vector<i32>(held), std::vector<i32>(held)};
        int source[2] = {-1, -1};  // the source row each buffer holds
        auto horizontal = [&](int s) -> const i32* {
            for (int i = 0; i < 2; ++i) {
                if (source[i] == s) return rows[i].data();
            }
            const int i = source[0] == -1 || (source[1] != -1 && source[0] < source[1]) ? 0 : 1;  // replace the older
            source[i] = s;
            i32* h = rows[i].data();
            if (groups.groups > 0) {
                kernels.linearRowGroups(in.row(s), groups.start.data(), groups.offset.data(), groups.weight.data(),
                                        groups.groups, h);
                return h;
            }
            switch (cn) {  // a constant channel count lets the compiler unroll the pixel
                case 1: linearRow<1>(in.row(s), ax, dstWidth, h); break;
                case 3: linearRow<3>(in.row(s), ax, dstWidth, h); break;
                default: linearRow<4>(in.row(s), ax, dstWidth, h); break;
            }
            return h;
        };
        for (int y = first; y < last; ++y) {
            const auto i = static_cast<std::size_t>(y);
            const i32* h0 = horizontal(ay.first[i]);
            const i32* h1 = horizontal(ay.second[i]);
            kernels.linearColumn(h0, h1, ay.weight0[i], ay.weight1[i], out.row(y), dstRow);
        }
    });
}

}  // namespace

void toGray(ChannelOrder order, Span<const unsigned char> src, int width, int height, int srcStride, int channels,
            Span<unsigned char> dst, int dstStride, int threads) {
    toGrayImpl(src, width, height, srcStride, channels, order, dst, dstStride, threads, nullptr);
}
void toGray(ChannelOrder order, Span<const unsigned char> src, int width, int height, int srcStride, int channels,
            Span<unsigned char> dst, int dstStride, int threads, ProgressListener* listener) {
    toGrayImpl(src, width, height, srcStride, channels, order, dst, dstStride, threads,
               detail::requireListener("toGray", listener));
}

void gaussianBlur(Border border, Span<const unsigned char> src, int width, int height, int srcStride, int channels,
                  double sigma, Span<unsigned char> dst, int dstStride, int threads) {
    gaussianBlurImpl(src, width, height, srcStride, channels, sigma, border, dst, dstStride, threads, nullptr);
}
void gaussianBlur(Border border, Span<const unsigned char> src, int width, int height, int srcStride, int channels,
                  double sigma, Span<unsigned char> dst, int dstStride, int threads, ProgressListener* listener) {
    gaussianBlurImpl(src, width, height, srcStride, channels, sigma, border, dst, dstStride, threads,
                     detail::requireListener("gaussianBlur", listener));
}

void sobel(Border border, Span<const unsigned char> src, int width, int height, int srcStride, int channels,
           Span<short> dx, Span<short> dy, int dstStride, int threads) {
    sobelImpl("sobel", SobelOutput::derivatives, src, width, height, srcStride, channels, border, dx, dy, dstStride,
              threads, nullptr);
}
void sobel(Border border, Span<const unsigned char> src, int width, int height, int srcStride, int channels,
           Span<short> dx, Span<short> dy, int dstStride, int threads, ProgressListener* listener) {
    sobelImpl("sobel", SobelOutput::derivatives, src, width, height, srcStride, channels, border, dx, dy, dstStride,
              threads, detail::requireListener("sobel", listener));
}

void sobelMagnitude(Border border, Span<const unsigned char> src, int width, int height, int srcStride, int channels,
                    Span<unsigned char> dst, int dstStride, int threads) {
    sobelImpl("sobelMagnitude", SobelOutput::magnitude, src, width, height, srcStride, channels, border, dst,
              Span<unsigned char>(), dstStride, threads, nullptr);
}
void sobelMagnitude(Border border, Span<const unsigned char> src, int width, int height, int srcStride, int channels,
                    Span<unsigned char> dst, int dstStride, int threads, ProgressListener* listener) {
    sobelImpl("sobelMagnitude", SobelOutput::magnitude, src, width, height, srcStride, channels, border, dst,
              Span<unsigned char>(), dstStride, threads, detail::requireListener("sobelMagnitude", listener));
}
void sobelMagnitude(Border border, Span<const unsigned char> src, int width, int height, int srcStride, int channels,
                    Span<float> dst, int dstStride, int threads) {
    sobelImpl("sobelMagnitude", SobelOutput::magnitudeFloat, src, width, height, srcStride, channels, border, dst,
              Span<float>(), dstStride, threads, nullptr);
}
void sobelMagnitude(Border border, Span<const unsigned char> src, int width, int height, int srcStride, int channels,
                    Span<float> dst, int dstStride, int threads, ProgressListener* listener) {
    sobelImpl("sobelMagnitude", SobelOutput::magnitudeFloat, src, width, height, srcStride, channels, border, dst,
              Span<float>(), dstStride, threads, detail::requireListener("sobelMagnitude", listener));
}

void resize(Interpolation interpolation, Span<const unsigned char> src, int srcWidth, int srcHeight, int srcStride,
            int channels, Span<unsigned char> dst, int dstWidth, int dstHeight, int dstStride, int threads) {
    resizeImpl(src, srcWidth, srcHeight, srcStride, channels, interpolation, dst, dstWidth, dstHeight, dstStride,
               threads, nullptr);
}
void resize(Interpolation interpolation, Span<const unsigned char> src, int srcWidth, int srcHeight, int srcStride,
            int channels, Span<unsigned char> dst, int dstWidth, int dstHeight, int dstStride, int threads,
            ProgressListener* listener) {
    resizeImpl(src, srcWidth, srcHeight, srcStride, channels, interpolation, dst, dstWidth, dstHeight, dstStride,
               threads, detail::requireListener("resize", listener));
}

}  // namespace mymodule
