package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Images as the first mymodule class a program touches: its natives live in the JNI library that the
 * generated classes load, so Images loads it itself. A child JVM, since this one loaded it long ago.
 */
class ImagesFirstTest {
    @Test void imagesWorkAsTheFirstClassTouched() throws Exception {
        assumeTrue(ChildJvm.native_(), "a child JVM: natively only, not under emulation");
        Path log = Paths.get("target", "images-first", "child.log");
        List<String> command = ChildJvm.command(ImagesFirstTest.class.getName(), true, Collections.emptyList());
        int exit = ChildJvm.run(command, log, 60);
        String out = new String(Files.readAllBytes(log));
        assertEquals(0, exit, out + "\nreplay: " + ChildJvm.shell(command));
        assertEquals("gray 4x3 done", out.trim(), out);
    }

    /** The child: Images.gray on a fresh BufferedImage before anything else of mymodule. */
    public static void main(String[] args) {
        BufferedImage bgr = new BufferedImage(4, 3, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage gray = Images.gray(bgr);
        System.out.println("gray " + gray.getWidth() + "x" + gray.getHeight() + " done");
    }
}
