package com.cyclefleet.engine.synth;

import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.util.Rng;
import java.util.List;

/**
 * Paints a scene as a photo-like image: a textured material per object kind, per-object colour variation,
 * per-scene lighting and mild sensor noise. Colours are linear 0..1 until the final conversion to [-1, 1].
 */
public final class PhotoRenderer {
    private static final double BRIGHTNESS_MIN = 0.75;
    private static final double BRIGHTNESS_MAX = 1.15;
    private static final double TINT_MAX = 0.06;
    private static final double SENSOR_NOISE_SIGMA = 0.02;
    private static final double OVERCAST_PROBABILITY = 0.3;

    private static final double[] CLEAR_ZENITH = {0.22, 0.42, 0.82};
    private static final double[] CLEAR_HORIZON = {0.72, 0.84, 0.95};
    private static final double[] OVERCAST_ZENITH = {0.62, 0.64, 0.68};
    private static final double[] OVERCAST_HORIZON = {0.82, 0.83, 0.85};
    private static final double SKY_JITTER = 0.06;
    private static final double[] CLOUD = {0.96, 0.96, 0.97};
    private static final double CLOUD_THRESHOLD = 0.55;
    private static final double CLOUD_OPACITY = 0.9;
    /** Cloud, stain and grain feature sizes as fractions of the image side. */
    private static final double CLOUD_CELL = 0.25;
    private static final double STAIN_CELL = 0.08;
    private static final double LEAF_CELL_PX = 1.5;

    private static final double BRICK_PROBABILITY = 0.5;
    private static final double BRICK_HEIGHT = 1.0 / 24;
    private static final int BRICK_MIN_PX = 3;
    private static final int BRICK_ASPECT = 2;
    private static final double[] MORTAR = {0.72, 0.70, 0.66};
    private static final double[] BRICK_LO = {0.50, 0.22, 0.16};
    private static final double[] BRICK_HI = {0.65, 0.32, 0.24};
    private static final double CONCRETE_MIN = 0.45;
    private static final double CONCRETE_MAX = 0.80;
    private static final double[] CONCRETE_WARMTH = {1.03, 1.0, 0.95};
    private static final double WALL_GRAIN = 0.08;
    private static final double WALL_STAIN = 0.2;

    private static final double LIT_WINDOW_PROBABILITY = 0.2;
    private static final double[] WINDOW_LIGHT = {0.95, 0.82, 0.50};
    private static final double[] GLASS_TOP = {0.58, 0.66, 0.76};
    private static final double[] GLASS_BOTTOM = {0.10, 0.13, 0.18};

    private static final double ASPHALT_MIN = 0.26;
    private static final double ASPHALT_MAX = 0.40;
    private static final double ASPHALT_GRAIN = 0.12;
    private static final double[] LANE_PAINT = {0.92, 0.92, 0.88};
    private static final double LANE_HALF_WIDTH = 0.006;
    private static final double LANE_MIN_HALF_WIDTH_PX = 0.35;
    /** Dashes per unit of inverse nearness: near dashes are long, far ones short, as in perspective. */
    private static final double LANE_DASH_FREQUENCY = 1.5;
    private static final double NEAREST_DEPTH = 0.02;

    private static final double[] GRASS_LO = {0.22, 0.42, 0.12};
    private static final double[] GRASS_HI = {0.38, 0.58, 0.22};
    private static final double[] LEAF_LO = {0.10, 0.28, 0.06};
    private static final double[] LEAF_HI = {0.26, 0.46, 0.16};
    private static final double[] BARK = {0.33, 0.24, 0.15};
    private static final double FOLIAGE_DARK = 0.5;
    private static final double FOLIAGE_RANGE = 0.9;
    private static final double FOLIAGE_WHITE_SHARE = 0.4;
    private static final double TOP_LIGHT = 0.3;

    private static final double[][] CAR_PAINTS = {
        {0.70, 0.08, 0.08}, {0.10, 0.20, 0.60}, {0.88, 0.88, 0.86}, {0.08, 0.08, 0.09}, {0.62, 0.64, 0.66},
        {0.15, 0.40, 0.25}};
    private static final double CAR_PAINT_JITTER = 0.05;
    private static final double CAR_CABIN_SHARE = 0.4;
    private static final double CAR_WHEEL_SHARE = 0.85;
    private static final double[] CAR_GLASS = {0.14, 0.17, 0.22};
    private static final double[] TYRE = {0.06, 0.06, 0.06};
    private static final double CAR_SHADING = 0.3;

    private static final double HALF = 0.5;

    public FloatImage render(Scene scene, Rng rng) {
        int size = scene.size();
        Look look = Look.random(rng);
        List<SceneObject> objects = scene.objects();
        double[][] colours = new double[objects.size()][];
        boolean[] variant = new boolean[objects.size()];
        for (int i = 0; i < objects.size(); i++) {
            variant[i] = pickVariant(objects.get(i).kind(), rng);
            colours[i] = pickColour(objects.get(i).kind(), variant[i], rng);
        }
        Textures tex = new Textures(
                NoiseField.smooth(size, Math.max(1.0, size * CLOUD_CELL), rng),
                NoiseField.smooth(size, Math.max(1.0, size * STAIN_CELL), rng),
                NoiseField.smooth(size, LEAF_CELL_PX, rng),
                NoiseField.gaussian(size, rng));
        float[] sensor = NoiseField.gaussian(size, rng);

        int plane = size * size;
        float[] chw = new float[FloatImage.CHANNELS * plane];
        double[] rgb = new double[FloatImage.CHANNELS];
        int brickH = Math.max(BRICK_MIN_PX, (int) Math.round(size * BRICK_HEIGHT));
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = y * size + x;
                int id = scene.instances()[p];
                shade(scene, objects.get(id), colours[id], variant[id], look, tex, brickH, x, y, rgb);
                for (int c = 0; c < FloatImage.CHANNELS; c++) {
                    double v = rgb[c] * look.brightness * look.tint[c] + SENSOR_NOISE_SIGMA * sensor[p];
                    chw[c * plane + p] = (float) (2 * clamp01(v) - 1);
                }
            }
        }
        return new FloatImage(size, size, chw);
    }

    private static boolean pickVariant(SceneObject.Kind kind, Rng rng) {
        return switch (kind) {
            case BUILDING -> rng.nextDouble() < BRICK_PROBABILITY;
            case WINDOW -> rng.nextDouble() < LIT_WINDOW_PROBABILITY;
            default -> false;
        };
    }

    private static double[] pickColour(SceneObject.Kind kind, boolean variant, Rng rng) {
        return switch (kind) {
            case BUILDING -> variant ? between(BRICK_LO, BRICK_HI, rng) : concrete(rng);
            case ROAD -> grey(ASPHALT_MIN + (ASPHALT_MAX - ASPHALT_MIN) * rng.nextDouble());
            case VERGE -> between(GRASS_LO, GRASS_HI, rng);
            case CROWN -> between(LEAF_LO, LEAF_HI, rng);
            case TRUNK -> BARK.clone();
            case CAR -> jitter(CAR_PAINTS[rng.nextInt(CAR_PAINTS.length)], rng);
            case SKY, WINDOW -> grey(0);
        };
    }

    private static void shade(Scene scene, SceneObject o, double[] base, boolean variant, Look look, Textures tex,
                              int brickH, int x, int y, double[] out) {
        int p = y * scene.size() + x;
        double relY = o.height() <= 0 ? 0 : clamp01((y + HALF - o.top()) / o.height());
        switch (o.kind()) {
            case SKY -> {
                double t = clamp01((y + HALF) / scene.geometry().horizon());
                mix(look.zenith, look.horizon, t, out);
                double cloud = Math.max(0, tex.cloud[p] - CLOUD_THRESHOLD) / (1 - CLOUD_THRESHOLD) * CLOUD_OPACITY;
                mix(out, CLOUD, cloud, out);
            }
            case BUILDING -> {
                if (variant && isMortar(x, y, brickH)) {
                    scale(MORTAR, 1 + WALL_GRAIN * tex.white[p], out);
                } else {
                    scale(base, 1 + WALL_GRAIN * tex.white[p] + WALL_STAIN * (tex.stain[p] - HALF), out);
                }
            }
            case WINDOW -> {
                if (variant) {
                    scale(WINDOW_LIGHT, 1 + WALL_GRAIN * tex.white[p], out);
                } else {
                    mix(GLASS_TOP, GLASS_BOTTOM, relY, out);
                }
            }
            case ROAD -> {
                if (isLaneMarking(scene.geometry(), x, y)) {
                    scale(LANE_PAINT, 1 + ASPHALT_GRAIN * tex.white[p], out);
                } else {
                    scale(base, 1 + ASPHALT_GRAIN * tex.white[p], out);
                }
            }
            case VERGE, TRUNK -> scale(base, 1 + FOLIAGE_RANGE * (tex.leaf[p] - HALF) * HALF, out);
            case CROWN -> {
                double leaf = (1 - FOLIAGE_WHITE_SHARE) * tex.leaf[p] + FOLIAGE_WHITE_SHARE * clamp01(HALF + tex.white[p] / 4);
                scale(base, (FOLIAGE_DARK + FOLIAGE_RANGE * leaf) * (1 + TOP_LIGHT * (HALF - relY)), out);
            }
            case CAR -> {
                if (relY < CAR_CABIN_SHARE) {
                    mix(GLASS_TOP, CAR_GLASS, HALF + relY, out);
                } else if (relY > CAR_WHEEL_SHARE) {
                    scale(TYRE, 1, out);
                } else {
                    scale(base, 1 + CAR_SHADING * (HALF - relY), out);
                }
            }
        }
    }

    private static boolean isMortar(int x, int y, int brickH) {
        int row = y / brickH;
        int brickW = BRICK_ASPECT * brickH;
        int shift = (row % 2) * (brickW / 2);
        return y % brickH == 0 || (x + shift) % brickW == 0;
    }

    /** A dashed centre line whose width and dash length shrink toward the vanishing point. */
    private static boolean isLaneMarking(StreetGeometry g, int x, int y) {
        double row = y + HALF;
        double near = g.nearness(row);
        double halfWidth = Math.max(LANE_MIN_HALF_WIDTH_PX, LANE_HALF_WIDTH * g.size() * near);
        if (Math.abs(x + HALF - g.roadCentre(row)) >= halfWidth) {
            return false;
        }
        double depth = 1.0 / Math.max(near, NEAREST_DEPTH);
        return ((long) Math.floor(depth * LANE_DASH_FREQUENCY)) % 2 == 0;
    }

    private static double[] between(double[] lo, double[] hi, Rng rng) {
        double t = rng.nextDouble();
        double[] out = new double[lo.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = lo[c] + (hi[c] - lo[c]) * t;
        }
        return out;
    }

    private static double[] concrete(Rng rng) {
        double g = CONCRETE_MIN + (CONCRETE_MAX - CONCRETE_MIN) * rng.nextDouble();
        double[] out = new double[CONCRETE_WARMTH.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = g * CONCRETE_WARMTH[c];
        }
        return out;
    }

    private static double[] jitter(double[] colour, Rng rng) {
        double[] out = new double[colour.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = clamp01(colour[c] + CAR_PAINT_JITTER * (2 * rng.nextDouble() - 1));
        }
        return out;
    }

    private static double[] grey(double v) {
        return new double[] {v, v, v};
    }

    private static void mix(double[] a, double[] b, double t, double[] out) {
        for (int c = 0; c < out.length; c++) {
            out[c] = a[c] + (b[c] - a[c]) * t;
        }
    }

    private static void scale(double[] a, double f, double[] out) {
        for (int c = 0; c < out.length; c++) {
            out[c] = a[c] * f;
        }
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /** Noise images shared by all materials of one scene. */
    private record Textures(float[] cloud, float[] stain, float[] leaf, float[] white) {
    }

    /** Scene-wide lighting and weather. */
    private static final class Look {
        final double brightness;
        final double[] tint = new double[FloatImage.CHANNELS];
        final double[] zenith;
        final double[] horizon;

        private Look(double brightness, double[] zenith, double[] horizon) {
            this.brightness = brightness;
            this.zenith = zenith;
            this.horizon = horizon;
        }

        static Look random(Rng rng) {
            double brightness = BRIGHTNESS_MIN + (BRIGHTNESS_MAX - BRIGHTNESS_MIN) * rng.nextDouble();
            boolean overcast = rng.nextDouble() < OVERCAST_PROBABILITY;
            double[] zenith = skyJitter(overcast ? OVERCAST_ZENITH : CLEAR_ZENITH, rng);
            double[] horizon = skyJitter(overcast ? OVERCAST_HORIZON : CLEAR_HORIZON, rng);
            Look look = new Look(brightness, zenith, horizon);
            for (int c = 0; c < FloatImage.CHANNELS; c++) {
                look.tint[c] = 1 + TINT_MAX * (2 * rng.nextDouble() - 1);
            }
            return look;
        }

        private static double[] skyJitter(double[] colour, Rng rng) {
            double shift = SKY_JITTER * (2 * rng.nextDouble() - 1);
            double[] out = new double[colour.length];
            for (int c = 0; c < out.length; c++) {
                out[c] = clamp01(colour[c] + shift);
            }
            return out;
        }
    }
}
