package org.mymodule.demo;

import static org.mymodule.global.mymodule.add;

/** The first example, add(3, 4), and what one native call costs: why a kernel must do real work per call. */
final class AddSection implements Section {
    @Override public String name() {
        return "add";
    }

    @Override public String title() {
        return "add(3, 4) and the cost of a call";
    }

    @Override public void run(Demo demo) throws Exception {
        demo.text("add(3, 4) = " + add(3, 4));

        // A call to add does almost nothing, so it measures the JNI crossing: slower than Java's a + b.
        int calls = demo.size().pick(1_000_000, 10_000_000, 50_000_000);
        int[] result = new int[1];
        double nativeAdd = Demo.best(() -> result[0] += addNative(calls));
        double javaAdd = demo.java() ? Demo.best(() -> result[0] += addJava(calls)) : Double.NaN;
        demo.timing(String.format("%,d calls of add", calls), nativeAdd, javaAdd, null, Double.NaN);
        demo.text(String.format("One call of add costs %.1f ns from Java (checksum %d): a kernel must do real work per call.",
                nativeAdd / calls * 1e9, result[0]));
    }

    private static int addNative(int calls) {
        int s = 0;
        for (int i = 0; i < calls; i++) {
            s = add(s & 0xFFFF, i & 0xFFFF);
        }
        return s;
    }

    private static int addJava(int calls) {
        int s = 0;
        for (int i = 0; i < calls; i++) {
            s = (s & 0xFFFF) + (i & 0xFFFF);
        }
        return s;
    }
}
