package org.mymodule.samples.hello;

import static org.mymodule.global.mymodule.add;

public class Hello {
    public static void main(String[] args) {
        System.out.println("Result: " + add(3, 4));
    }
}
