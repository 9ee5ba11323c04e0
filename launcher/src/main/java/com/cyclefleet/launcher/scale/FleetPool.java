package com.cyclefleet.launcher.scale;

import com.cyclefleet.launcher.LocalFleet;

import java.util.ArrayList;
import java.util.List;

/** A {@link WorkerPool} of {@link LocalFleet} worker processes that consume one role's tasks. */
public final class FleetPool implements WorkerPool {

    private final LocalFleet fleet;
    private final String role;
    private final List<LocalFleet.WorkerHandle> handles = new ArrayList<>();

    public FleetPool(LocalFleet fleet, String role) {
        this.fleet = fleet;
        this.role = role;
    }

    @Override
    public synchronized int size() {
        handles.removeIf(w -> {
            if (w.isAlive()) {
                return false;
            }
            fleet.stopWorker(w);
            return true;
        });
        return handles.size();
    }

    @Override
    public synchronized void add() {
        handles.add(fleet.addWorker(role));
    }

    @Override
    public synchronized void remove() {
        if (!handles.isEmpty()) {
            fleet.stopWorker(handles.remove(handles.size() - 1));
        }
    }

    /** The pool's workers now, oldest first. */
    public synchronized List<LocalFleet.WorkerHandle> workers() {
        return List.copyOf(handles);
    }
}
