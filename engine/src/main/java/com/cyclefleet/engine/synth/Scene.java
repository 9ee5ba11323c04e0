package com.cyclefleet.engine.synth;

import java.util.List;

/**
 * A generated street-scene layout: per pixel (row-major) the instance id of the object that is visible there.
 * Both the label map and the photo are rendered from it, which is what makes them a pair.
 */
public record Scene(int size, int[] instances, List<SceneObject> objects, StreetGeometry geometry) {
    public SceneObject objectAt(int pixel) {
        return objects.get(instances[pixel]);
    }

    public SceneClass classAt(int pixel) {
        return objectAt(pixel).kind().sceneClass();
    }
}
