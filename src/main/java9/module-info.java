module org.mymodule {
    requires transitive org.bytedeco.javacpp;
    exports org.mymodule;
    exports org.mymodule.global;
    exports org.mymodule.presets;
}
