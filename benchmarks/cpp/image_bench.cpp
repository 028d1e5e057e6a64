// The image kernels against OpenCV in one process, on the same 3840x2160 picture as ImageBenchmark:
// each round times mymodule then OpenCV, alternating, so both see the same machine load; prints the
// median wall ms of each, their ratio, the ratio of the fastest rounds and of the median process CPU
// time, for 1 and 2 threads. Then checks resize's agreement with OpenCV over whole-number and
// fractional factors (largest difference and count of differing bytes).
//   M=~/.m2/repository/org/bytedeco; mkdir -p /tmp/ocv && cd /tmp/ocv
//   unzip -qo $M/opencv/4.13.0-1.5.13/opencv-4.13.0-1.5.13-linux-x86_64.jar; unzip -qo $M/openblas/0.3.31-1.5.13/openblas-0.3.31-1.5.13-linux-x86_64.jar
//   O=/tmp/ocv/org/bytedeco/opencv/linux-x86_64 B=/tmp/ocv/org/bytedeco/openblas/linux-x86_64
//   g++ -std=c++17 -O2 -I../cppbuild/linux-x86_64/include -I$O/include cpp/image_bench.cpp -o target/image_bench
//       -L../cppbuild/linux-x86_64/lib -lmymodule -L$O -l:libopencv_imgproc.so.413 -l:libopencv_core.so.413
//       -Wl,-rpath-link,$B -Wl,-rpath,$(realpath ../cppbuild/linux-x86_64/lib):$O
//   LD_LIBRARY_PATH=$B target/image_bench [rounds [op]]     op: a name or part of one (gray, blur, resize, area...)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <utility>
#include <stdexcept>
#include <string>
#include <random>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "mymodule/image.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace mymodule;

double cpuMs() {
    timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
}

// Wall and process CPU milliseconds of one call: under load from other processes the CPU time
// (all threads together) is the steadier measure of work done.
template <class F>
std::pair<double, double> ms(F&& f) {
    const double cpu = cpuMs();
    const auto start = Clock::now();
    f();
    return {std::chrono::duration<double, std::milli>(Clock::now() - start).count(), cpuMs() - cpu};
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

template <class A, class B>
void compare(const char* name, int threads, int rounds, A&& ours, B&& theirs) {
    ours(), theirs();  // warm up: pages touched, OpenCV's pool started
    std::vector<double> a, b, ca, cb;
    for (int r = 0; r < rounds; ++r) {
        const auto x = ms(ours), y = ms(theirs);
        a.push_back(x.first), ca.push_back(x.second), b.push_back(y.first), cb.push_back(y.second);
    }
    const double ma = median(a), mb = median(b), mca = median(ca), mcb = median(cb);
    const double fa = *std::min_element(a.begin(), a.end()), fb = *std::min_element(b.begin(), b.end());
    std::printf("%-14s %dT  median ms: mymodule %8.3f OpenCV %8.3f ratio %5.2f | min %5.2f | cpu ms %8.3f %8.3f "
                "ratio %5.2f %s\n", name, threads, ma, mb, ma / mb, fa / fb, mca, mcb, mca / mcb,
                ma <= mb ? "" : "SLOWER");
    std::fflush(stdout);
}

void agreement(int cn, int sw, int sh, int dw, int dh, Interpolation interpolation, unsigned seed) {
    std::mt19937 rng(seed);
    cv::Mat src(sh, sw, CV_8UC(cn));
    for (int i = 0; i < sh * sw * cn; ++i) src.data[i] = static_cast<unsigned char>(rng() & 255);
    cv::Mat theirs;
    cv::resize(src, theirs, cv::Size(dw, dh), 0, 0, interpolation == Interpolation::area ? cv::INTER_AREA : cv::INTER_LINEAR);
    std::vector<unsigned char> ours(static_cast<std::size_t>(dw * dh * cn));
    try {
        resize(interpolation, {src.data, static_cast<std::size_t>(sw * sh * cn)}, sw, sh, sw * cn, cn,
               {ours.data(), ours.size()}, dw, dh, dw * cn, 2);
    } catch (const std::exception& e) {
        std::printf("%s cn %d %dx%d -> %dx%d: FAILS: %s\n", interpolation == Interpolation::area ? "area  " : "linear",
                    cn, sw, sh, dw, dh, e.what());
        return;
    }
    int max = 0;
    long differing = 0;
    for (std::size_t i = 0; i < ours.size(); ++i) {
        const int d = std::abs(ours[i] - theirs.data[i]);
        max = std::max(max, d);
        differing += d != 0;
    }
    std::printf("%s cn %d %dx%d -> %dx%d: max difference %d, %ld of %zu bytes differ\n",
                interpolation == Interpolation::area ? "area  " : "linear", cn, sw, sh, dw, dh, max, differing,
                ours.size());
}

}  // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 15;
    const char* only = argc > 2 ? argv[2] : nullptr;
    const int w = 3840, h = 2160;
    cv::Mat rgb(h, w, CV_8UC3), gray(h, w, CV_8UC1);
    std::mt19937 rng(1);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            unsigned char* p = rgb.ptr(y) + 3 * x;
            p[0] = static_cast<unsigned char>(x * 255 / w + (rng() & 15));
            p[1] = static_cast<unsigned char>(y * 255 / h + (rng() & 15));
            p[2] = static_cast<unsigned char>((x + y) * 127 / (w + h) + (rng() & 63));
        }
    cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
    const Span<const unsigned char> in(rgb.data, static_cast<std::size_t>(w * h * 3));
    const Span<const unsigned char> grayIn(gray.data, static_cast<std::size_t>(w * h));
    std::vector<unsigned char> out(static_cast<std::size_t>(w * h * 3 * 9 / 4 + 3));
    std::vector<short> dx(static_cast<std::size_t>(w * h)), dy(dx.size());
    const Span<unsigned char> o(out.data(), out.size());
    cv::Mat outM, out2M;
    auto want = [&](const char* name) { return only == nullptr || std::string(name).find(only) != std::string::npos; };
    for (int threads : {1, 2}) {
        cv::setNumThreads(threads);
        if (want("gray"))
            compare("gray", threads, rounds, [&] { toGray(ChannelOrder::rgb, in, w, h, 3 * w, 3, o, w, threads); },
                    [&] { cv::cvtColor(rgb, outM, cv::COLOR_RGB2GRAY); });
        for (double sigma : {2.0, 8.0}) {
            if (!want("blur")) continue;
            compare(sigma == 2 ? "blur2" : "blur8", threads, rounds,
                    [&] { gaussianBlur(Border::reflect101, in, w, h, 3 * w, 3, sigma, o, 3 * w, threads); },
                    [&] { cv::GaussianBlur(rgb, outM, cv::Size(0, 0), sigma, sigma, cv::BORDER_REFLECT_101); });
        }
        if (want("sobel"))
            compare("sobel", threads, rounds,
                    [&] {
                        sobel(Border::reflect101, grayIn, w, h, w, 1, {dx.data(), dx.size()}, {dy.data(), dy.size()}, w,
                              threads);
                    },
                    [&] {
                        cv::Sobel(gray, outM, CV_16S, 1, 0, 3, 1, 0, cv::BORDER_REFLECT_101);
                        cv::Sobel(gray, out2M, CV_16S, 0, 1, 3, 1, 0, cv::BORDER_REFLECT_101);
                    });
        struct Size { const char* name; int dw, dh; Interpolation interpolation; };
        for (const Size& s : {Size{"resizeHalf", w / 2, h / 2, Interpolation::linear},
                              Size{"resize15", w * 3 / 2, h * 3 / 2, Interpolation::linear},
                              Size{"areaHalf", w / 2, h / 2, Interpolation::area},
                              Size{"area15", w * 3 / 2, h * 3 / 2, Interpolation::area},
                              Size{"areaTwoThirds", w * 2 / 3, h * 2 / 3, Interpolation::area}}) {
            if (!want(s.name)) continue;
            compare(s.name, threads, rounds,
                    [&] { resize(s.interpolation, in, w, h, 3 * w, 3, o, s.dw, s.dh, 3 * s.dw, threads); },
                    [&] {
                        cv::resize(rgb, outM, cv::Size(s.dw, s.dh), 0, 0,
                                   s.interpolation == Interpolation::area ? cv::INTER_AREA : cv::INTER_LINEAR);
                    });
        }
    }
    if (only != nullptr && std::string(only) != "agree") return 0;
    unsigned seed = 1;
    for (int cn : {1, 3, 4}) {
        for (Interpolation ip : {Interpolation::linear, Interpolation::area}) {
            agreement(cn, 640, 480, 320, 240, ip, seed++);
            agreement(cn, 640, 480, 960, 720, ip, seed++);
            agreement(cn, 641, 479, 213, 311, ip, seed++);
            agreement(cn, 640, 480, 427, 320, ip, seed++);
            agreement(cn, 640, 480, 160, 120, ip, seed++);
            agreement(cn, 639, 480, 213, 160, ip, seed++);
            agreement(cn, 100, 80, 333, 97, ip, seed++);
            agreement(cn, 300, 80, 97, 333, ip, seed++);
        }
    }
    return 0;
}
