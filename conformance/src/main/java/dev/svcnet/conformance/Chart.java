package dev.svcnet.conformance;

/** A picture of what a check measured, drawn by the reports (PNG, XChart). */
public sealed interface Chart permits ShareChart, XyChart {

  /** What the chart shows; its caption. */
  String title();
}
