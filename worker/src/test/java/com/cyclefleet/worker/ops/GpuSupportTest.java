package com.cyclefleet.worker.ops;

import com.cyclefleet.worker.ops.GpuSupport.Backend;
import com.cyclefleet.worker.ops.GpuSupport.Device;
import com.cyclefleet.worker.ops.GpuSupport.Probe;
import com.cyclefleet.worker.ops.GpuSupport.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GpuSupportTest {

    private static final long GIB = 1L << 30;

    private static Verdict cuda(String name, int major, int minor) {
        return GpuSupport.check(new Probe(Backend.CUDA, List.of(new Device(0, name, major, minor, 24 * GIB)), null));
    }

    @Test
    void cpuBackendIsSupported() {
        Verdict verdict = GpuSupport.check(Probe.cpu());
        assertTrue(verdict.supported());
        assertEquals("ND4J backend: CPU (nd4j-native)", verdict.message());
    }

    @Test
    void ampereSm86IsSupportedAndDescribed() {
        Verdict verdict = cuda("NVIDIA GeForce RTX 3090", 8, 6);
        assertTrue(verdict.supported(), verdict.message());
        assertEquals("ND4J backend: CUDA (nd4j-cuda-11.6 1.0.0-M2.1); GPU 0: NVIDIA GeForce RTX 3090, "
                + "compute capability 8.6 (Ampere/Ada), 24.0 GiB", verdict.message());
    }

    @Test
    void adaSm89RunsTheSm86KernelsByBinaryCompatibility() {
        assertTrue(cuda("NVIDIA L4", 8, 9).supported());
    }

    @Test
    void hopperSm90IsRefusedNamingDeviceAndRange() {
        Verdict verdict = cuda("NVIDIA H100 80GB HBM3", 9, 0);
        assertFalse(verdict.supported());
        assertTrue(verdict.message().contains("'NVIDIA H100 80GB HBM3' has compute capability 9.0 (Hopper)"),
                verdict.message());
        assertTrue(verdict.message().contains("compute capability 3.7 to 8.x"), verdict.message());
        assertTrue(verdict.message().contains("sm_37..sm_86"), verdict.message());
    }

    @Test
    void keplerSm35IsRefused() {
        Verdict verdict = cuda("Tesla K20", 3, 5);
        assertFalse(verdict.supported());
        assertTrue(verdict.message().contains("compute capability 3.5 (Kepler)"), verdict.message());
    }

    @Test
    void keplerSm37IsTheOldestSupported() {
        assertTrue(cuda("Tesla K80", 3, 7).supported());
    }

    @Test
    void cudaBuildWithoutADeviceIsRefused() {
        Verdict verdict = GpuSupport.check(new Probe(Backend.CUDA, List.of(), null));
        assertFalse(verdict.supported());
        assertTrue(verdict.message().contains("sees no CUDA device"), verdict.message());
        assertTrue(verdict.message().contains("compute capability 3.7 to 8.x"), verdict.message());
    }

    @Test
    void backendThatFailsToInitialiseIsRefusedWithTheCause() {
        Verdict verdict = GpuSupport.check(new Probe(Backend.CUDA, List.of(),
                "UnsatisfiedLinkError: no jnind4jcuda in java.library.path"));
        assertFalse(verdict.supported());
        assertTrue(verdict.message().contains("UnsatisfiedLinkError"), verdict.message());
    }

    @Test
    void oneUnsupportedDeviceAmongSeveralIsRefused() {
        Verdict verdict = GpuSupport.check(new Probe(Backend.CUDA, List.of(
                new Device(0, "NVIDIA A100", 8, 0, 40 * GIB), new Device(1, "NVIDIA H100", 9, 0, 80 * GIB)), null));
        assertFalse(verdict.supported());
        assertTrue(verdict.message().startsWith("GPU 1 'NVIDIA H100'"), verdict.message());
    }

    @Test
    void probeOnThisCpuBuildReportsTheCpuBackend() {
        Verdict verdict = GpuSupport.check(Nd4jProbe.probe());
        assertTrue(verdict.supported(), verdict.message());
        assertEquals("ND4J backend: CPU (nd4j-native)", verdict.message());
    }
}
