package com.cyclefleet.engine.data;

/** How a domain's images are scaled; label maps want NEAREST so that no blended, out-of-palette colours appear. */
public enum ResizeMode {
    BICUBIC {
        @Override
        public FloatImage resize(FloatImage img, int newH, int newW) {
            return Resize.bicubic(img, newH, newW);
        }
    },
    NEAREST {
        @Override
        public FloatImage resize(FloatImage img, int newH, int newW) {
            return Resize.nearest(img, newH, newW);
        }
    };

    public abstract FloatImage resize(FloatImage img, int newH, int newW);
}
