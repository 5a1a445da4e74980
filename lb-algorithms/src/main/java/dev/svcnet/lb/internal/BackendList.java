package dev.svcnet.lb.internal;

import dev.svcnet.lb.Backend;
import dev.svcnet.lb.InvalidValueException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Validation and filtering shared by the balancers. */
final class BackendList {

  private BackendList() {}

  /** An immutable copy; rejects nulls and duplicate ids. */
  static List<Backend> copyOf(List<Backend> backends) {
    if (backends == null) {
      throw new InvalidValueException("backends", "must not be null");
    }
    Set<String> ids = new HashSet<>();
    for (Backend backend : backends) {
      if (backend == null) {
        throw new InvalidValueException("backends", "must not contain null");
      }
      if (!ids.add(backend.id())) {
        throw new InvalidValueException("backends", "duplicate id '" + backend.id() + "'");
      }
    }
    return List.copyOf(backends);
  }

  /** The backends with positive weight, in order. */
  static Backend[] weighted(List<Backend> backends) {
    List<Backend> result = new ArrayList<>();
    for (Backend backend : backends) {
      if (backend.weight() > 0) {
        result.add(backend);
      }
    }
    return result.toArray(new Backend[0]);
  }
}
