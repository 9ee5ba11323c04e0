package com.cyclefleet.engine.synth;

import com.cyclefleet.engine.data.FloatImage;

/** Paints a scene as a label map: every pixel exactly the palette colour of its class. */
public final class LabelMapRenderer {
    private LabelMapRenderer() {
    }

    public static FloatImage render(Scene scene, Palette palette) {
        SceneClass[] classes = SceneClass.values();
        int[] colourOf = new int[classes.length];
        for (SceneClass c : classes) {
            int index = palette.indexOf(c.label());
            if (index < 0) {
                throw new IllegalArgumentException("palette has no class '" + c.label() + "' needed by the street scenes");
            }
            colourOf[c.ordinal()] = palette.get(index).rgb();
        }
        int n = scene.size() * scene.size();
        int[] packed = new int[n];
        for (int i = 0; i < n; i++) {
            packed[i] = colourOf[scene.classAt(i).ordinal()];
        }
        return FloatImage.fromRgb(scene.size(), scene.size(), packed);
    }
}
