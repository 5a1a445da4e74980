package dev.svcnet.ingress.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable character trie answering "the value of the longest key that is a prefix of s" in
 * time proportional to the length of s, whatever the number of keys.
 *
 * @param <V> the value type
 */
public final class PrefixTree<V> {

  private static final class Node<V> {
    final char[] keys;
    final Node<V>[] children;
    final V value;

    Node(char[] keys, Node<V>[] children, V value) {
      this.keys = keys;
      this.children = children;
      this.value = value;
    }
  }

  /** A mutable builder; the first value put for a key is kept. */
  public static final class Builder<V> {
    private final Map<Character, Builder<V>> children = new TreeMap<>();
    private V value;

    /** Adds {@code key}; an existing key keeps its first value. */
    public Builder<V> put(String key, V v) {
      Builder<V> node = this;
      for (int i = 0; i < key.length(); i++) {
        node = node.children.computeIfAbsent(key.charAt(i), c -> new Builder<>());
      }
      if (node.value == null) {
        node.value = v;
      }
      return this;
    }

    /** The immutable tree. */
    public PrefixTree<V> build() {
      return new PrefixTree<>(freeze(this));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <V> Node<V> freeze(Builder<V> b) {
      char[] keys = new char[b.children.size()];
      Node<V>[] kids = new Node[b.children.size()];
      int i = 0;
      for (Map.Entry<Character, Builder<V>> e : b.children.entrySet()) {
        keys[i] = e.getKey();
        kids[i++] = freeze(e.getValue());
      }
      return new Node<>(keys, kids, b.value);
    }
  }

  private final Node<V> root;

  private PrefixTree(Node<V> root) {
    this.root = root;
  }

  /** A new builder. */
  public static <V> Builder<V> builder() {
    return new Builder<>();
  }

  /** The value of the longest key that is a prefix of {@code s}, or null. */
  public V longestPrefixOf(String s) {
    Node<V> node = root;
    V best = node.value;
    for (int i = 0; i < s.length(); i++) {
      int at = Arrays.binarySearch(node.keys, s.charAt(i));
      if (at < 0) {
        break;
      }
      node = node.children[at];
      if (node.value != null) {
        best = node.value;
      }
    }
    return best;
  }
}
