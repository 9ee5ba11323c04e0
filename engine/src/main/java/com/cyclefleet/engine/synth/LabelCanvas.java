package com.cyclefleet.engine.synth;

import java.util.ArrayList;
import java.util.List;

/** Painter's-algorithm raster of object ids: later shapes cover earlier ones, everything clipped to the image. */
final class LabelCanvas {
    private final int size;
    private final int[] instances;
    private final List<SceneObject> objects = new ArrayList<>();

    LabelCanvas(int size) {
        this.size = size;
        this.instances = new int[size * size];
    }

    int size() {
        return size;
    }

    /** Registers an object (clipped bounding box) and returns its id for the fill calls. */
    int add(SceneObject.Kind kind, int top, int left, int height, int width) {
        objects.add(new SceneObject(kind, top, left, height, width));
        return objects.size() - 1;
    }

    void fillRect(int id, int top, int left, int height, int width) {
        int y0 = Math.max(0, top);
        int y1 = Math.min(size, top + height);
        int x0 = Math.max(0, left);
        int x1 = Math.min(size, left + width);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                instances[y * size + x] = id;
            }
        }
    }

    void fillEllipse(int id, double cy, double cx, double ry, double rx) {
        int y0 = Math.max(0, (int) Math.floor(cy - ry));
        int y1 = Math.min(size - 1, (int) Math.ceil(cy + ry));
        int x0 = Math.max(0, (int) Math.floor(cx - rx));
        int x1 = Math.min(size - 1, (int) Math.ceil(cx + rx));
        for (int y = y0; y <= y1; y++) {
            double dy = (y + 0.5 - cy) / ry;
            for (int x = x0; x <= x1; x++) {
                double dx = (x + 0.5 - cx) / rx;
                if (dx * dx + dy * dy <= 1.0) {
                    instances[y * size + x] = id;
                }
            }
        }
    }

    /** Rows from {@code top} down, each filled between the road edges of the geometry at that row. */
    void fillRoad(int id, StreetGeometry g, int top) {
        for (int y = Math.max(0, top); y < size; y++) {
            double row = y + 0.5;
            int x0 = Math.max(0, (int) Math.round(g.roadLeft(row)));
            int x1 = Math.min(size, (int) Math.round(g.roadRight(row)));
            for (int x = x0; x < x1; x++) {
                instances[y * size + x] = id;
            }
        }
    }

    Scene toScene(StreetGeometry geometry) {
        return new Scene(size, instances.clone(), List.copyOf(objects), geometry);
    }
}
