package com.cyclefleet.engine.synth;

/**
 * One painted thing of a scene, with the bounding box the renderer uses for object-relative shading.
 * The instance id of an object is its index in {@link Scene#objects()}.
 */
public record SceneObject(Kind kind, int top, int left, int height, int width) {
    /** What the object is; several kinds can share a label class (a tree's trunk and crown are both vegetation). */
    public enum Kind {
        SKY(SceneClass.SKY),
        BUILDING(SceneClass.BUILDING),
        WINDOW(SceneClass.WINDOW),
        ROAD(SceneClass.ROAD),
        VERGE(SceneClass.VEGETATION),
        TRUNK(SceneClass.VEGETATION),
        CROWN(SceneClass.VEGETATION),
        CAR(SceneClass.CAR);

        private final SceneClass sceneClass;

        Kind(SceneClass sceneClass) {
            this.sceneClass = sceneClass;
        }

        public SceneClass sceneClass() {
            return sceneClass;
        }
    }
}
