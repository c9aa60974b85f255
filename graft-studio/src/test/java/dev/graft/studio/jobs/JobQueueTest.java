package dev.graft.studio.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one worker outlives any job: a job that dies of an Error fails alone, and the next one runs. */
class JobQueueTest {
    @Test
    void aJobThatThrowsAnErrorFailsAndTheQueueGoesOn() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        try (JobQueue q = new JobQueue(Events.NONE)) {
            // what a jar of another build on the classpath gives: an Error, not an Exception
            Job broken = q.submit("p", "export", "broken", "run-1", job -> {
                throw new NoClassDefFoundError("dev/graft/Missing");
            });
            Job next = q.submit("p", "export", "next", "run-2", job -> ran.countDown());
            assertTrue(ran.await(30, TimeUnit.SECONDS), "the job after the broken one ran");
            assertEquals(Job.State.FAILED, broken.state());
            Map<String, Object> j = broken.json(-1);
            assertTrue(String.valueOf(j).contains("dev/graft/Missing"), "the failure says why: " + j);
            for (int i = 0; i < 100 && next.state() != Job.State.DONE; i++) {
                Thread.sleep(50);
            }
            assertEquals(Job.State.DONE, next.state());
        }
    }
}
