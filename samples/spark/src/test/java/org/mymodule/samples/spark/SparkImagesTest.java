package org.mymodule.samples.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mymodule.Images;

/** The image job on local[2]: every output equals Images.blur / Images.sobelMagnitude of the same input, sample for sample. */
class SparkImagesTest {
    @TempDir Path dir;

    static void assertSameSamples(BufferedImage expected, BufferedImage actual, String what) {
        assertEquals(expected.getWidth(), actual.getWidth(), what);
        assertEquals(expected.getHeight(), actual.getHeight(), what);
        Raster e = expected.getRaster(), a = actual.getRaster();
        assertEquals(e.getNumBands(), a.getNumBands(), what);
        assertArrayEquals(e.getPixels(0, 0, e.getWidth(), e.getHeight(), (int[]) null),
                a.getPixels(0, 0, a.getWidth(), a.getHeight(), (int[]) null), what);
    }

    @Test void outputsEqualImagesBlurAndSobelOnTheSameInputs() throws Exception {
        Path input = dir.resolve("in"), output = dir.resolve("out");
        SparkImages.generate(input, 6, 96, 64, 4);
        double sigma = 1.5;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("SparkImagesTest")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        List<String> written;
        try {
            written = SparkImages.run(JavaSparkContext.fromSparkContext(spark.sparkContext()), input, output, sigma, 3);
        } finally {
            spark.stop();
        }
        List<String> expectedNames = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            expectedNames.add(String.format("image-%03d.blur.png", i));
            expectedNames.add(String.format("image-%03d.edges.png", i));
        }
        assertEquals(expectedNames, written);
        try (Stream<Path> files = Files.list(output)) {
            assertEquals(12, files.count(), "no leftover .part files");
        }
        for (int i = 0; i < 6; i++) {
            BufferedImage in = ImageIO.read(input.resolve(String.format("image-%03d.png", i)).toFile());
            assertEquals(BufferedImage.TYPE_3BYTE_BGR, in.getType());
            BufferedImage blurred = Images.blur(in, sigma);
            assertSameSamples(blurred, ImageIO.read(output.resolve(String.format("image-%03d.blur.png", i)).toFile()), "blur " + i);
            assertSameSamples(Images.sobelMagnitude(blurred), ImageIO.read(output.resolve(String.format("image-%03d.edges.png", i)).toFile()),
                    "edges " + i);
        }
    }
}
