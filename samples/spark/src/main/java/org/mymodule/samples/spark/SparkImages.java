package org.mymodule.samples.spark;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.mymodule.Images;

/**
 * An image batch job: every PNG of a folder blurred ({@code Images.blur}) and edge-detected
 * ({@code Images.sobelMagnitude} of the blurred image, the usual smoothing before Sobel), in parallel over
 * Spark partitions, written back as {@code <name>.blur.png} and {@code <name>.edges.png}.
 *
 * <p>Only file names travel to the executors; each task reads, processes and writes its images
 * itself, so the folders must be visible to every executor at the same path (one machine, or a
 * shared file system). A file is written under a temporary name and then renamed, so a task that
 * fails and is retried never leaves a half-written PNG. Images of a type {@code Images} does not
 * take (palette, 16-bit) are first drawn into a {@code TYPE_3BYTE_BGR} (or {@code TYPE_4BYTE_ABGR}
 * with alpha) image.
 */
public final class SparkImages {
    private SparkImages() {}

    /**
     * Processes every {@code *.png} in {@code input} (sorted by name) into {@code output}.
     *
     * @return the names of the files written, in input order
     */
    public static List<String> run(JavaSparkContext jsc, Path input, Path output, double sigma, int partitions) throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.list(input)) {
            names = files.map(p -> p.getFileName().toString()).filter(name -> name.toLowerCase().endsWith(".png"))
                    .sorted().collect(Collectors.toList());
        }
        Files.createDirectories(output);
        String in = input.toAbsolutePath().toString(), out = output.toAbsolutePath().toString();
        return jsc.parallelize(names, Math.max(1, Math.min(partitions, names.size()))).mapPartitions(it -> {
            List<String> written = new ArrayList<>();
            while (it.hasNext()) written.addAll(process(Paths.get(in, it.next()), Paths.get(out), sigma));
            return written.iterator();
        }).collect();
    }

    /** The base name of an output: {@code cat.png} gives {@code cat}. */
    static String base(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".png".length());
    }

    /** One image: read, blurred, edges of the blurred image, both written as PNG. */
    static List<String> process(Path file, Path output, double sigma) throws IOException {
        BufferedImage image = read(file);
        BufferedImage blurred = Images.blur(image, sigma);
        BufferedImage edges = Images.sobelMagnitude(blurred);
        List<String> written = new ArrayList<>();
        written.add(write(blurred, output.resolve(base(file) + ".blur.png")));
        written.add(write(edges, output.resolve(base(file) + ".edges.png")));
        return written;
    }

    /** The PNG as an image of a type Images takes. */
    static BufferedImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) throw new IOException("SparkImages: " + file + " is not an image ImageIO can read");
        switch (image.getType()) {
            case BufferedImage.TYPE_BYTE_GRAY:
            case BufferedImage.TYPE_3BYTE_BGR:
            case BufferedImage.TYPE_4BYTE_ABGR:
            case BufferedImage.TYPE_INT_RGB:
            case BufferedImage.TYPE_INT_ARGB:
                return image;
            default:
                BufferedImage converted = new BufferedImage(image.getWidth(), image.getHeight(),
                        image.getColorModel().hasAlpha() ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = converted.createGraphics();
                g.drawImage(image, 0, 0, null);
                g.dispose();
                return converted;
        }
    }

    private static String write(BufferedImage image, Path target) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        if (!ImageIO.write(image, "png", partial.toFile())) throw new IOException("SparkImages: no PNG writer for " + target);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target.getFileName().toString();
    }

    /** Writes `count` procedural colour pictures (gradients, discs, stripes) of width x height as image-N.png. */
    public static void generate(Path dir, int count, int width, int height, long seed) {
        try {
            Files.createDirectories(dir);
            Random random = new Random(seed);
            for (int i = 0; i < count; i++) {
                BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = image.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setPaint(new java.awt.GradientPaint(0, 0, new Color(random.nextInt(0xFFFFFF)), width, height,
                        new Color(random.nextInt(0xFFFFFF))));
                g.fillRect(0, 0, width, height);
                for (int s = 0; s < 6; s++) {
                    g.setColor(new Color(random.nextInt(0xFFFFFF)));
                    g.fillRect(0, random.nextInt(height), width, 1 + random.nextInt(4));
                }
                for (int c = 0; c < 5; c++) {
                    g.setColor(new Color(random.nextInt(0xFFFFFF)));
                    int r = 4 + random.nextInt(Math.max(1, Math.min(width, height) / 4));
                    g.fillOval(random.nextInt(width) - r, random.nextInt(height) - r, 2 * r, 2 * r);
                }
                g.dispose();
                ImageIO.write(image, "png", dir.resolve(String.format("image-%03d.png", i)).toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For spark-submit: input-folder output-folder [sigma] [partitions]. An input folder that does
     * not exist is filled with 16 generated 512 x 384 pictures first.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: SparkImages input-folder output-folder [sigma=2] [partitions=4]");
            System.exit(2);
        }
        Path input = Paths.get(args[0]), output = Paths.get(args[1]);
        double sigma = args.length > 2 ? Double.parseDouble(args[2]) : 2.0;
        int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        if (!Files.exists(input)) generate(input, 16, 512, 384, 1);
        SparkConf conf = new SparkConf().setAppName("mymodule images");
        if (!conf.contains("spark.master")) conf.setMaster("local[*]");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            long t0 = System.nanoTime();
            List<String> written = run(JavaSparkContext.fromSparkContext(spark.sparkContext()), input, output, sigma, partitions);
            System.out.printf("wrote %d images to %s in %.2f s%n", written.size(), output, (System.nanoTime() - t0) / 1e9);
        } finally {
            spark.stop();
        }
    }
}
