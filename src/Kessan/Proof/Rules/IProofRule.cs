namespace Kessan.Proof.Rules;

/// <summary>A family of identities: reads the sheet (taxonomy data and table structure only) and states its constraints.</summary>
internal interface IProofRule
{
    /// <summary>Adds this rule's constraints; <paramref name="notes"/> takes what the rule inferred (info findings).</summary>
    void Build(ProofSheet sheet, List<Constraint> constraints, List<Finding> notes);
}
