// Image processing on 8-bit images: grey conversion, Gaussian blur, Sobel derivatives and resizing,
// each pixel-compatible with OpenCV 4.
//
// An image is a buffer plus four numbers: width and height in pixels, channels per pixel (1, 3 or 4,
// interleaved) and the row stride in elements (bytes for 8-bit images), at least width * channels.
// Pixel (x, y) channel c is buffer[y * stride + x * channels + c]; the buffer must hold
// (height - 1) * stride + width * channels elements. A larger stride makes a sub-image of a bigger
// one. Every function checks all of this before it writes anything, and input and output must not
// overlap. Parameters come in one order: the option (channel order, border, interpolation), the source
// image, its parameters, the destination, the thread count and the listener; the option first lets the
// Java binding check it before it touches any array. Functions take a thread count (1 to 256) and optionally a ProgressListener, told the
// number of output rows finished; it may cancel.
#pragma once

#include "mymodule/common.h"
#include "mymodule/progress.h"

namespace mymodule {

/// The order of the colour channels of a 3- or 4-channel pixel. With 4 channels, rgb and bgr have
/// alpha last (RGBA, BGRA), argb and abgr have it first (Java's TYPE_4BYTE_ABGR is abgr).
enum class ChannelOrder { rgb, bgr, argb, abgr };

/// How a filter sees pixels outside the image (OpenCV's names): reflect101 mirrors without repeating
/// the edge pixel (gfedcb|abcdefgh|gfedcba, OpenCV's default), replicate repeats it (aaaaaa|abcdefgh|hhhhhhh),
/// constant reads 0.
enum class Border { reflect101, replicate, constant };

/// Resampling for resize: linear is OpenCV's INTER_LINEAR (bilinear, pixel centres aligned, edges
/// replicated); area is INTER_AREA for any sizes (see resize).
enum class Interpolation { linear, area };

/// Converts to grey with BT.601 weights and OpenCV's fixed-point rounding,
/// (9798 R + 19235 G + 3735 B + 16384) >> 15: the same bytes as cv::cvtColor (OpenCV 4.13) with COLOR_RGB2GRAY,
/// COLOR_BGR2GRAY, COLOR_RGBA2GRAY or COLOR_BGRA2GRAY. Alpha is ignored; 1 channel is copied.
/// \param src the image, width * height pixels of `channels` bytes
/// \param srcStride bytes from one row of src to the next, at least width * channels
/// \param order where red, green and blue are in a pixel; ignored for 1 channel
/// \param dst receives width * height grey bytes
/// \param dstStride bytes from one row of dst to the next, at least width
/// \param threads number of threads, the caller's included, from 1 to 256
/// \throws std::invalid_argument if a size is below 1, channels is not 1, 3 or 4, order is argb or
///         abgr with 3 channels, a stride is too small, threads is outside [1, 256] or src and dst overlap
/// \throws std::out_of_range if src or dst is shorter than the image it must hold
MYMODULE_API void toGray(ChannelOrder order, Span<const unsigned char> src, int width, int height, int srcStride,
                         int channels, Span<unsigned char> dst, int dstStride, int threads);
/// toGray, telling the listener the number of rows done.
/// \throws OperationCancelled if the listener returned false
MYMODULE_API void toGray(ChannelOrder order, Span<const unsigned char> src, int width, int height, int srcStride,
                         int channels, Span<unsigned char> dst, int dstStride, int threads,
                         ProgressListener* listener);

/// Gaussian blur, each channel on its own, as cv::GaussianBlur(src, dst, Size(0, 0), sigma, sigma, border)
/// on 8-bit images: kernel size round(6 sigma + 1) | 1 (truncated at 3 sigma), the kernel quantised
/// to 8 fractional bits, separable integer arithmetic rounded once. Equal to OpenCV within 1 per byte
/// (bit-exact where OpenCV runs its own fixed-point code).
/// \param src the image, `channels` bytes per pixel
/// \param sigma standard deviation in pixels, positive and finite; NaN is rejected
/// \param border what the kernel reads outside the image
/// \param dst receives the blurred image, same width, height and channels
/// \throws std::invalid_argument for a bad size, channel count, stride, thread count, sigma (not
///         positive and finite, or a kernel wider than 2^24 taps) or overlapping src and dst
/// \throws std::out_of_range if src or dst is shorter than the image it must hold
MYMODULE_API void gaussianBlur(Border border, Span<const unsigned char> src, int width, int height, int srcStride,
                               int channels, double sigma, Span<unsigned char> dst, int dstStride, int threads);
/// gaussianBlur, telling the listener the number of rows done.
/// \throws OperationCancelled if the listener returned false
MYMODULE_API void gaussianBlur(Border border, Span<const unsigned char> src, int width, int height, int srcStride,
                               int channels, double sigma, Span<unsigned char> dst, int dstStride, int threads,
                               ProgressListener* listener);

/// 3×3 Sobel derivatives, each channel on its own: dx with kernel [1 2 1]^T [-1 0 1], dy its
/// transpose, as cv::Sobel(src, dx, CV_16S, 1, 0, 3, 1, 0, border) and (0, 1); exact.
/// \param dx receives d/dx, width * height * channels values from -1020 to 1020
/// \param dy receives d/dy, laid out like dx
/// \param dstStride elements (not bytes) from one row of dx or dy to the next, at least width * channels
/// \throws std::invalid_argument for a bad size, channel count, stride or thread count, or overlapping buffers
/// \throws std::out_of_range if a buffer is shorter than the image it must hold
MYMODULE_API void sobel(Border border, Span<const unsigned char> src, int width, int height, int srcStride,
                        int channels, Span<short> dx, Span<short> dy, int dstStride, int threads);
/// sobel, telling the listener the number of rows done.
/// \throws OperationCancelled if the listener returned false
MYMODULE_API void sobel(Border border, Span<const unsigned char> src, int width, int height, int srcStride,
                        int channels, Span<short> dx, Span<short> dy, int dstStride, int threads,
                        ProgressListener* listener);

/// Gradient magnitude sqrt(dx² + dy²) of the 3×3 Sobel derivatives (see sobel), rounded and
/// saturated to 0..255, each channel on its own.
/// \param dst receives the magnitude, same width, height and channels as src
/// \throws std::invalid_argument for a bad size, channel count, stride or thread count, or overlapping buffers
/// \throws std::out_of_range if src or dst is shorter than the image it must hold
MYMODULE_API void sobelMagnitude(Border border, Span<const unsigned char> src, int width, int height, int srcStride,
                                 int channels, Span<unsigned char> dst, int dstStride, int threads);
/// sobelMagnitude to 8 bits, telling the listener the number of rows done.
/// \throws OperationCancelled if the listener returned false
MYMODULE_API void sobelMagnitude(Border border, Span<const unsigned char> src, int width, int height, int srcStride,
                                 int channels, Span<unsigned char> dst, int dstStride, int threads,
                                 ProgressListener* listener);
/// Gradient magnitude sqrt(dx² + dy²) of the 3×3 Sobel derivatives as float (0 to about 1442.5),
/// correctly rounded.
/// \param dstStride floats from one row of dst to the next, at least width * channels
/// \throws std::invalid_argument for a bad size, channel count, stride or thread count, or overlapping buffers
/// \throws std::out_of_range if src or dst is shorter than the image it must hold
MYMODULE_API void sobelMagnitude(Border border, Span<const unsigned char> src, int width, int height, int srcStride,
                                 int channels, Span<float> dst, int dstStride, int threads);
/// sobelMagnitude to float, telling the listener the number of rows done.
/// \throws OperationCancelled if the listener returned false
MYMODULE_API void sobelMagnitude(Border border, Span<const unsigned char> src, int width, int height, int srcStride,
                                 int channels, Span<float> dst, int dstStride, int threads,
                                 ProgressListener* listener);

/// Resizes to dstWidth × dstHeight, each channel on its own, as cv::resize (OpenCV 4.13) with
/// INTER_LINEAR or INTER_AREA.
///
/// linear: bilinear with 11-bit fixed-point weights, rounded once; equal to OpenCV within 1 per byte
/// (the same bytes for a shrink to exactly half, where it averages 2x2 blocks as area does).
///
/// area, where neither axis grows (dstWidth <= srcWidth and dstHeight <= srcHeight): each output
/// pixel is the mean of the source area its cell covers, the same bytes as OpenCV. Whole-number
/// factors average fx by fy blocks (2x2 rounds half up, other blocks round sum * (1 / (fx fy)) in
/// float half to even); fractional factors weigh the pixels a cell covers in part by the part
/// covered, summing in float along each row and then over the rows, rounded half to even.
/// area, where an axis grows: as OpenCV, bilinear on both axes with weights from the cells'
/// overlap (the output pixel's cell past the source pixel's edge); equal to OpenCV within 1 per byte.
/// \param interpolation linear or area, for any sizes
/// \param dst receives dstWidth * dstHeight pixels of `channels` bytes
/// \param dstStride bytes from one row of dst to the next, at least dstWidth * channels
/// \throws std::invalid_argument for a bad size, channel count, stride or thread count, or overlapping
///         buffers
/// \throws std::out_of_range if src or dst is shorter than the image it must hold
MYMODULE_API void resize(Interpolation interpolation, Span<const unsigned char> src, int srcWidth, int srcHeight,
                         int srcStride, int channels, Span<unsigned char> dst, int dstWidth, int dstHeight,
                         int dstStride, int threads);
/// resize, telling the listener the number of output rows done.
/// \throws OperationCancelled if the listener returned false
MYMODULE_API void resize(Interpolation interpolation, Span<const unsigned char> src, int srcWidth, int srcHeight,
                         int srcStride, int channels, Span<unsigned char> dst, int dstWidth, int dstHeight,
                         int dstStride, int threads, ProgressListener* listener);

}  // namespace mymodule
