package com.cyclefleet.engine.synth;

import com.cyclefleet.engine.util.Rng;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Random street-scene layouts: sky above a horizon, a row of buildings with window grids standing on the ground
 * line, grass verges, a road converging on a vanishing point, trees and bushes on the verges and cars on the road.
 * Sizes are fractions of the image side so that layouts look alike at every resolution.
 */
public final class SceneGenerator {
    private static final double HORIZON_MIN = 0.35;
    private static final double HORIZON_MAX = 0.55;
    private static final double GROUND_BELOW_HORIZON_MIN = 0.03;
    private static final double GROUND_BELOW_HORIZON_MAX = 0.10;
    private static final double VANISHING_X_MIN = 0.3;
    private static final double VANISHING_X_MAX = 0.7;
    private static final double ROAD_LEFT_MIN = -0.45;
    private static final double ROAD_LEFT_MAX = 0.15;
    private static final double ROAD_RIGHT_MIN = 0.85;
    private static final double ROAD_RIGHT_MAX = 1.45;

    private static final double FIRST_BUILDING_OFFSET_MAX = 0.1;
    private static final double BUILDING_WIDTH_MIN = 0.12;
    private static final double BUILDING_WIDTH_MAX = 0.32;
    private static final double BUILDING_GAP_PROBABILITY = 0.15;
    private static final double BUILDING_TOP_MIN = 0.03;
    private static final double BUILDING_HEIGHT_MIN = 0.08;

    /** Window width as a fraction of its building's width. */
    private static final double WINDOW_WIDTH_MIN = 0.10;
    private static final double WINDOW_WIDTH_MAX = 0.20;
    private static final double WINDOW_ASPECT_MIN = 1.0;
    private static final double WINDOW_ASPECT_MAX = 1.6;
    /** Spacing between windows as a fraction of the window's own size. */
    private static final double WINDOW_SPACING_MIN = 0.6;
    private static final double WINDOW_SPACING_MAX = 1.2;

    private static final int TREES_MAX = 3;
    private static final int BUSHES_MAX = 2;
    private static final int CARS_MAX = 3;
    private static final double VERGE_DEPTH = 0.2;
    private static final double TRUNK_HEIGHT_MIN = 0.06;
    private static final double TRUNK_HEIGHT_MAX = 0.12;
    private static final double TRUNK_WIDTH_MIN = 0.015;
    private static final double TRUNK_WIDTH_MAX = 0.03;
    private static final double CROWN_RADIUS_MIN = 0.05;
    private static final double CROWN_RADIUS_MAX = 0.10;
    private static final int CROWN_BLOBS_MIN = 2;
    private static final int CROWN_BLOBS_EXTRA = 3;
    /** How far a crown's blobs stray from its centre, in crown radii; crowns are wider than tall. */
    private static final double CROWN_SPREAD_X = 0.6;
    private static final double CROWN_SPREAD_Y = 0.4;
    private static final double CROWN_BLOB_SCALE_MIN = 0.6;
    /** Half the side of a crown's bounding box, in crown radii (blob offset plus blob radius). */
    private static final double CROWN_EXTENT = 1.6;
    private static final double BUSH_WIDTH_MIN = 0.04;
    private static final double BUSH_WIDTH_MAX = 0.08;
    private static final double BUSH_FLATNESS_MIN = 0.5;
    private static final double BUSH_FLATNESS_MAX = 0.8;

    /** A car at the bottom edge is this wide (fraction of the image side); it shrinks with distance. */
    private static final double CAR_WIDTH_AT_BOTTOM = 0.35;
    private static final double CAR_SIZE_JITTER = 0.15;
    private static final double CAR_ASPECT_MIN = 0.45;
    private static final double CAR_ASPECT_MAX = 0.6;
    private static final double CAR_BODY_SHARE = 0.6;
    private static final double CAR_CABIN_INSET = 0.2;
    private static final double CAR_NEAREST_MIN = 0.1;
    private static final double CAR_BASE_BELOW_EDGE = 0.1;
    private static final int CAR_MIN_WIDTH_PX = 3;

    public Scene generate(int size, Rng rng) {
        StreetGeometry g = geometry(size, rng);
        LabelCanvas canvas = new LabelCanvas(size);
        int ground = (int) Math.round(g.ground());
        canvas.fillRect(canvas.add(SceneObject.Kind.SKY, 0, 0, size, size), 0, 0, size, size);
        paintBuildings(canvas, g, ground, rng);
        canvas.fillRect(canvas.add(SceneObject.Kind.VERGE, ground, 0, size - ground, size), ground, 0, size - ground, size);
        canvas.fillRoad(canvas.add(SceneObject.Kind.ROAD, ground, 0, size - ground, size), g, ground);
        paintForeground(canvas, g, rng);
        return canvas.toScene(g);
    }

    private static double uniform(Rng rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    private static StreetGeometry geometry(int size, Rng rng) {
        double horizon = size * uniform(rng, HORIZON_MIN, HORIZON_MAX);
        double ground = horizon + size * uniform(rng, GROUND_BELOW_HORIZON_MIN, GROUND_BELOW_HORIZON_MAX);
        double vanishing = size * uniform(rng, VANISHING_X_MIN, VANISHING_X_MAX);
        double left = size * uniform(rng, ROAD_LEFT_MIN, ROAD_LEFT_MAX);
        double right = size * uniform(rng, ROAD_RIGHT_MIN, ROAD_RIGHT_MAX);
        return new StreetGeometry(size, horizon, ground, vanishing, left, right);
    }

    private static void paintBuildings(LabelCanvas canvas, StreetGeometry g, int ground, Rng rng) {
        int size = canvas.size();
        int minTop = (int) Math.round(size * BUILDING_TOP_MIN);
        int maxTop = Math.max(minTop, ground - (int) Math.round(size * BUILDING_HEIGHT_MIN));
        int x = -(int) Math.round(size * FIRST_BUILDING_OFFSET_MAX * rng.nextDouble());
        while (x < size) {
            int width = Math.max(1, (int) Math.round(size * uniform(rng, BUILDING_WIDTH_MIN, BUILDING_WIDTH_MAX)));
            if (rng.nextDouble() >= BUILDING_GAP_PROBABILITY) {
                int top = minTop + rng.nextInt(maxTop - minTop + 1);
                int id = canvas.add(SceneObject.Kind.BUILDING, top, x, ground - top, width);
                canvas.fillRect(id, top, x, ground - top, width);
                paintWindows(canvas, top, x, ground - top, width, rng);
            }
            x += width;
        }
    }

    private static void paintWindows(LabelCanvas canvas, int top, int left, int height, int width, Rng rng) {
        int ww = Math.max(1, (int) Math.round(width * uniform(rng, WINDOW_WIDTH_MIN, WINDOW_WIDTH_MAX)));
        int wh = Math.max(1, (int) Math.round(ww * uniform(rng, WINDOW_ASPECT_MIN, WINDOW_ASPECT_MAX)));
        int gapX = Math.max(1, (int) Math.round(ww * uniform(rng, WINDOW_SPACING_MIN, WINDOW_SPACING_MAX)));
        int gapY = Math.max(1, (int) Math.round(wh * uniform(rng, WINDOW_SPACING_MIN, WINDOW_SPACING_MAX)));
        for (int y = top + gapY; y + wh + gapY <= top + height; y += wh + gapY) {
            for (int x = left + gapX; x + ww + gapX <= left + width; x += ww + gapX) {
                canvas.fillRect(canvas.add(SceneObject.Kind.WINDOW, y, x, wh, ww), y, x, wh, ww);
            }
        }
    }

    /** Trees, bushes and cars, decided first and then painted far to near so that nearer ones occlude. */
    private static void paintForeground(LabelCanvas canvas, StreetGeometry g, Rng rng) {
        List<Standing> items = new ArrayList<>();
        int trees = rng.nextInt(TREES_MAX + 1);
        for (int i = 0; i < trees; i++) {
            planTree(g, rng, items);
        }
        int bushes = rng.nextInt(BUSHES_MAX + 1);
        for (int i = 0; i < bushes; i++) {
            planBush(g, rng, items);
        }
        int cars = rng.nextInt(CARS_MAX + 1);
        for (int i = 0; i < cars; i++) {
            planCar(g, rng, items);
        }
        items.sort(Comparator.comparingDouble(Standing::baseY));
        for (Standing item : items) {
            item.paint().accept(canvas);
        }
    }

    /** A random x on a verge (left or right of the road) at row y, or NaN when that verge is off-image. */
    private static double vergeX(StreetGeometry g, double y, Rng rng) {
        boolean leftSide = rng.nextBoolean();
        double lo = leftSide ? 0 : Math.max(0, g.roadRight(y));
        double hi = leftSide ? Math.min(g.size(), g.roadLeft(y)) : g.size();
        return hi - lo < 1 ? Double.NaN : uniform(rng, lo, hi);
    }

    private static void planTree(StreetGeometry g, Rng rng, List<Standing> items) {
        int size = g.size();
        double base = g.ground() + size * VERGE_DEPTH * rng.nextDouble();
        double x = vergeX(g, base, rng);
        double trunkH = size * uniform(rng, TRUNK_HEIGHT_MIN, TRUNK_HEIGHT_MAX);
        int trunkW = Math.max(1, (int) Math.round(size * uniform(rng, TRUNK_WIDTH_MIN, TRUNK_WIDTH_MAX)));
        double radius = size * uniform(rng, CROWN_RADIUS_MIN, CROWN_RADIUS_MAX);
        int blobs = CROWN_BLOBS_MIN + rng.nextInt(CROWN_BLOBS_EXTRA);
        double[][] blob = new double[blobs][];
        for (int i = 0; i < blobs; i++) {
            blob[i] = new double[] {
                radius * CROWN_SPREAD_Y * (2 * rng.nextDouble() - 1),
                radius * CROWN_SPREAD_X * (2 * rng.nextDouble() - 1),
                radius * uniform(rng, CROWN_BLOB_SCALE_MIN, 1.0)};
        }
        if (Double.isNaN(x)) {
            return;
        }
        int trunkTop = (int) Math.round(base - trunkH);
        int trunkLeft = (int) Math.round(x - trunkW / 2.0);
        double crownY = trunkTop;
        items.add(new Standing(base, canvas -> {
            int trunk = canvas.add(SceneObject.Kind.TRUNK, trunkTop, trunkLeft, (int) Math.round(trunkH), trunkW);
            canvas.fillRect(trunk, trunkTop, trunkLeft, (int) Math.round(trunkH), trunkW);
            int extent = (int) Math.round(CROWN_EXTENT * radius);
            int crown = canvas.add(SceneObject.Kind.CROWN, (int) crownY - extent, (int) x - extent, 2 * extent, 2 * extent);
            for (double[] b : blob) {
                canvas.fillEllipse(crown, crownY + b[0], x + b[1], b[2], b[2]);
            }
        }));
    }

    private static void planBush(StreetGeometry g, Rng rng, List<Standing> items) {
        int size = g.size();
        double base = g.ground() + size * VERGE_DEPTH * rng.nextDouble();
        double x = vergeX(g, base, rng);
        double rx = size * uniform(rng, BUSH_WIDTH_MIN, BUSH_WIDTH_MAX);
        double ry = rx * uniform(rng, BUSH_FLATNESS_MIN, BUSH_FLATNESS_MAX);
        if (Double.isNaN(x)) {
            return;
        }
        items.add(new Standing(base, canvas -> {
            int id = canvas.add(SceneObject.Kind.CROWN, (int) (base - 2 * ry), (int) (x - rx), (int) (2 * ry),
                    (int) (2 * rx));
            canvas.fillEllipse(id, base - ry, x, ry, rx);
        }));
    }

    private static void planCar(StreetGeometry g, Rng rng, List<Standing> items) {
        int size = g.size();
        double nearest = size * (1 + CAR_BASE_BELOW_EDGE);
        double farthest = g.ground() + (size - g.ground()) * CAR_NEAREST_MIN;
        double base = uniform(rng, farthest, nearest);
        double width = size * CAR_WIDTH_AT_BOTTOM * g.nearness(base)
                * uniform(rng, 1 - CAR_SIZE_JITTER, 1 + CAR_SIZE_JITTER);
        double height = width * uniform(rng, CAR_ASPECT_MIN, CAR_ASPECT_MAX);
        double room = g.roadRight(base) - g.roadLeft(base) - width;
        double offset = room * rng.nextDouble();
        if (width < CAR_MIN_WIDTH_PX || room < 0) {
            return;
        }
        int left = (int) Math.round(g.roadLeft(base) + offset);
        int w = (int) Math.round(width);
        int top = (int) Math.round(base - height);
        int bodyTop = (int) Math.round(base - height * CAR_BODY_SHARE);
        int bottom = (int) Math.round(base);
        int inset = (int) Math.round(width * CAR_CABIN_INSET);
        items.add(new Standing(base, canvas -> {
            int id = canvas.add(SceneObject.Kind.CAR, top, left, bottom - top, w);
            canvas.fillRect(id, bodyTop, left, bottom - bodyTop, w);
            canvas.fillRect(id, top, left + inset, bodyTop - top, w - 2 * inset);
        }));
    }

    /** Something standing on the ground at row baseY; painting is deferred until everything is sorted by depth. */
    private record Standing(double baseY, Consumer<LabelCanvas> paint) {
    }
}
