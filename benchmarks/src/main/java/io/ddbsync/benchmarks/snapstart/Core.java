package io.ddbsync.benchmarks.snapstart;

import java.util.ArrayList;
import java.util.List;

/** The global context, and a checkpoint that runs the hooks and takes no snapshot. */
public final class Core {

  private static final GlobalContext GLOBAL = new GlobalContext();

  private Core() {}

  public static Context<Resource> getGlobalContext() {
    return GLOBAL;
  }

  public static void checkpointRestore() throws CheckpointException, RestoreException {
    try {
      GLOBAL.beforeCheckpoint(GLOBAL);
    } catch (Exception e) {
      CheckpointException failure = new CheckpointException();
      failure.addSuppressed(e);
      throw failure;
    }
    try {
      GLOBAL.afterRestore(GLOBAL);
    } catch (Exception e) {
      RestoreException failure = new RestoreException();
      failure.addSuppressed(e);
      throw failure;
    }
  }

  private static final class GlobalContext extends Context<Resource> {

    private final List<Resource> resources = new ArrayList<>();

    @Override
    public synchronized void register(Resource resource) {
      resources.add(resource);
    }

    @Override
    public synchronized void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
      for (int i = resources.size() - 1; i >= 0; i--) {
        resources.get(i).beforeCheckpoint(this);
      }
    }

    @Override
    public synchronized void afterRestore(Context<? extends Resource> context) throws Exception {
      for (Resource resource : resources) {
        resource.afterRestore(this);
      }
    }
  }
}
